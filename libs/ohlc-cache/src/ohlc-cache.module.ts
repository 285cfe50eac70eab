import { Module, type DynamicModule } from '@nestjs/common';
import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { CacheInvalidationService } from './cache-invalidation.service';
import { FillAdmission } from './fetch/fill-admission';
import { l1CacheManagerOptions } from './l1/l1-store';
import { L1Usage } from './l1/l1-usage';
import { CacheTableProbe } from './l2/cache-table-probe';
import { L2Admin } from './l2-admin.port';
import { L2Inspector } from './l2-inspector.port';
import {
  OHLC_CACHE_ASYNC_OPTIONS_TYPE,
  OHLC_CACHE_OPTIONS_TYPE,
  OhlcCacheOptionsModuleClass,
} from './ohlc-cache.module-definition';
import { L1Cache, L2Cache } from './ohlc-cache.port';
import { OhlcCacheCounters } from './ohlc-cache.counters';
import { OhlcCacheLifecycle } from './ohlc-cache.lifecycle';
import {
  fetchProviders,
  l1Providers,
  l2Providers,
  readPathProviders,
  upstreamProviders,
} from './ohlc-cache.providers';
import { DYNAMODB_DOCUMENT_CLIENT, OHLC_CACHE_OPTIONS, OHLC_UPSTREAMS } from './ohlc-cache.tokens';
import { OhlcService } from './ohlc.service';
import { ResultFreshness } from './reuse/result-freshness';
import { UpstreamBreakers } from './upstream/upstream-breakers';
import { WriteReplayQueue } from './write-replay/write-replay-queue';

/**
 * Holds the options, so that both this library's providers and Nest's cache
 * module (which builds L1's cache-manager) can inject them. Imported twice as
 * one object, it is one module instance: the options factory runs once.
 */
@Module({})
class OhlcCacheOptionsModule extends OhlcCacheOptionsModuleClass {}

/**
 * L1 (cache-manager, obtained through `@nestjs/cache-manager`) and L2
 * (DynamoDB) behind `OhlcCachePort`, composed by `OhlcService`. Needs
 * `MarketHoursService` and `ClockPort` in scope: import
 * `MarketHoursModule.register({ isGlobal: true })` in the app. Not to be
 * confused with `@nestjs/cache-manager`'s own `CacheModule`, which this one
 * imports for L1 (import Nest's under an alias where both appear).
 */
@Module({
  providers: [
    ...l1Providers,
    ...l2Providers,
    ...upstreamProviders,
    ...fetchProviders,
    ...readPathProviders,
    OhlcCacheCounters,
    OhlcCacheLifecycle,
  ],
  exports: [
    OhlcService,
    ResultFreshness,
    OhlcCacheCounters,
    FillAdmission,
    CacheInvalidationService,
    UpstreamBreakers,
    WriteReplayQueue,
    CacheTableProbe,
    L1Usage,
    L1Cache,
    L2Cache,
    L2Admin,
    L2Inspector,
    OHLC_UPSTREAMS,
    DYNAMODB_DOCUMENT_CLIENT,
  ],
})
export class CacheModule {
  static register(options: typeof OHLC_CACHE_OPTIONS_TYPE): DynamicModule {
    return CacheModule.around(OhlcCacheOptionsModule.register(options), options.isGlobal);
  }

  static registerAsync(options: typeof OHLC_CACHE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return CacheModule.around(OhlcCacheOptionsModule.registerAsync(options), options.isGlobal);
  }

  private static around(optionsModule: DynamicModule, isGlobal = false): DynamicModule {
    return {
      module: CacheModule,
      global: isGlobal,
      imports: [
        optionsModule,
        NestCacheModule.registerAsync({
          imports: [optionsModule],
          inject: [OHLC_CACHE_OPTIONS],
          useFactory: l1CacheManagerOptions,
        }),
      ],
    };
  }
}
