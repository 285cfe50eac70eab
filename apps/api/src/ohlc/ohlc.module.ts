import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LiveModule } from '../live/live.module';
import { OhlcApiService } from './ohlc-api.service';
import { OhlcFastHits } from './response-cache/ohlc-fast-hits';
import { OhlcResponseCacheInterceptor } from './response-cache/ohlc-response-cache.interceptor';
import { OhlcResponseCache } from './response-cache/ohlc-response.cache';
import { OhlcController } from './ohlc.controller';

@Module({
  imports: [AuthModule, LiveModule],
  controllers: [OhlcController],
  providers: [OhlcApiService, OhlcResponseCache, OhlcResponseCacheInterceptor, OhlcFastHits],
  exports: [OhlcFastHits],
})
export class OhlcModule {}
