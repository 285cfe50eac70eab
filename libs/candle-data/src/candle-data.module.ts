import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
} from '@nestjs/common';
import { MarketHoursModule } from '@app/market-hours';
import { OhlcProvider } from '@app/market-data';
import { CacheModule, type CacheObserver } from '@app/ohlc-cache';
import { SHARED_STATE, SharedStateModule, type SharedState } from '@app/shared-state';
import type { CandleDataConfig } from './candle-data.config';
import { CandleDataConfigModule } from './candle-data-config.module';
import { CANDLE_DATA_CONFIG, FALLBACK_PROVIDERS } from './candle-data.tokens';
import { ConfiguredProvidersModule } from './upstream/configured-providers.module';

export interface CandleDataModuleOptions {
  /**
   * Receives the cache's events (`CacheOptions.observer`): the token of a
   * `CacheObserver` provider and the modules that provide it. None by default.
   */
  readonly observer?: {
    readonly token: InjectionToken<CacheObserver>;
    readonly imports?: ModuleMetadata['imports'];
  };
}

/**
 * Everything but the edge: configuration, the NYSE calendar, the configured
 * providers and the cache, as one module. The API, the operator CLI and any
 * further entry point import it and add only their own edge, so all of them
 * serve from, warm and inspect exactly the same cache.
 */
@Module({})
export class CandleDataModule {
  static forRoot(options: CandleDataModuleOptions = {}): DynamicModule {
    const observer = options.observer;
    // Throttling (the API's), invalidations and the shared L1 tier all use it.
    const sharedState = SharedStateModule.registerAsync({
      inject: [CANDLE_DATA_CONFIG],
      useFactory: ({ sharedState: shared }: CandleDataConfig) =>
        shared ? { url: shared.url, commandTimeoutMs: shared.commandTimeoutMs } : {},
    });
    return {
      module: CandleDataModule,
      global: true,
      imports: [
        CandleDataConfigModule,
        ConfiguredProvidersModule,
        MarketHoursModule.registerAsync({
          isGlobal: true,
          inject: [CANDLE_DATA_CONFIG],
          useFactory: (config: CandleDataConfig) => ({
            extraClosures: config.extraClosures,
            extraEarlyCloses: config.extraEarlyCloses,
          }),
        }),
        sharedState,
        CacheModule.registerAsync({
          isGlobal: true,
          imports: [ConfiguredProvidersModule, sharedState, ...(observer?.imports ?? [])],
          inject: [
            CANDLE_DATA_CONFIG,
            OhlcProvider,
            FALLBACK_PROVIDERS,
            SHARED_STATE,
            ...(observer ? [observer.token] : []),
          ],
          useFactory: (
            config: CandleDataConfig,
            provider: OhlcProvider,
            fallbacks: OhlcProvider[],
            shared: SharedState | null,
            cacheObserver?: CacheObserver,
          ) => ({
            provider,
            fallbacks,
            l1: {
              maxBytes: config.l1MaxBytes,
              maxEntries: config.l1MaxEntries,
              invalidationCheckMs: config.invalidationCheckMs,
              shared: config.sharedState?.l1Tier ? shared?.l1Store : undefined,
            },
            l2: {
              backend: config.l2Backend,
              tableName: config.tableName,
              embeddedPath: config.embeddedDynamoDbPath,
              endpoint: config.dynamoDbEndpoint,
              region: config.awsRegion,
              createTable: config.createTable,
              leaseMs: config.fetchLeaseMs,
              instanceId: config.instanceId,
              timeoutMs: config.l2TimeoutMs,
              maxAttempts: config.l2MaxAttempts,
              replay: config.replay,
            },
            breaker: config.breaker,
            upstreamDeadlineMs: config.upstreamDeadlineMs,
            fills: config.fills,
            refresh: config.refresh,
            observer: cacheObserver,
            invalidationBus: shared?.invalidations,
          }),
        }),
      ],
      exports: [ConfiguredProvidersModule, sharedState],
    };
  }
}
