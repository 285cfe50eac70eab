import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OhlcApiService } from './ohlc-api.service';
import { OhlcFastHits } from './ohlc-fast-hits';
import { OhlcResponseCacheInterceptor } from './ohlc-response-cache.interceptor';
import { OhlcResponseCache } from './ohlc-response.cache';
import { OhlcController } from './ohlc.controller';

@Module({
  imports: [AuthModule],
  controllers: [OhlcController],
  providers: [OhlcApiService, OhlcResponseCache, OhlcResponseCacheInterceptor, OhlcFastHits],
  exports: [OhlcFastHits],
})
export class OhlcModule {}
