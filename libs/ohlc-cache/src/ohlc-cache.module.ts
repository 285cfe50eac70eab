import { Module } from '@nestjs/common';
import { l1Providers } from './l1/l1.providers';
import { dynamoDbProviders } from './l2/dynamodb.providers';
import { DYNAMODB_DOCUMENT_CLIENT } from './l2/dynamodb.tokens';
import { OhlcCacheConfigurableModule, OHLC_CACHE_OPTIONS } from './ohlc-cache.module-definition';
import type { OhlcCacheModuleOptions } from './ohlc-cache.options';
import { L1_CACHE, L2_CACHE, OHLC_UPSTREAMS } from './ohlc-cache.port';
import { OhlcCacheLifecycle } from './ohlc-cache.lifecycle';
import { OhlcService } from './ohlc.service';

/**
 * L1 (cache-manager) and L2 (DynamoDB) behind `OhlcCachePort`, composed by
 * `OhlcService`. Needs `MarketHoursService` and `ClockPort` in scope: import
 * `MarketHoursModule.register({ isGlobal: true })` in the app.
 */
@Module({
  providers: [
    ...l1Providers,
    ...dynamoDbProviders,
    {
      // Not the public OhlcProvider token: an app's options factory injects
      // that one, and re-providing it here would make the factory depend on itself.
      provide: OHLC_UPSTREAMS,
      inject: [OHLC_CACHE_OPTIONS],
      useFactory: (options: OhlcCacheModuleOptions) => [
        options.provider,
        ...(options.fallbacks ?? []),
      ],
    },
    OhlcCacheLifecycle,
    OhlcService,
  ],
  exports: [OhlcService, L1_CACHE, L2_CACHE, DYNAMODB_DOCUMENT_CLIENT],
})
export class CacheModule extends OhlcCacheConfigurableModule {}
