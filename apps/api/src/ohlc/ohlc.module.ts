import { Module } from '@nestjs/common';
import { OhlcApiService } from './ohlc-api.service';
import { OhlcResponseCacheInterceptor } from './ohlc-response-cache.interceptor';
import { OhlcResponseCache } from './ohlc-response.cache';
import { OhlcController } from './ohlc.controller';

@Module({
  controllers: [OhlcController],
  providers: [OhlcApiService, OhlcResponseCache, OhlcResponseCacheInterceptor],
})
export class OhlcModule {}
