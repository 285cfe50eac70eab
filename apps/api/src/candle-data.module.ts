import { Module } from '@nestjs/common';
import { MarketHoursModule } from '@app/market-hours';
import { OhlcProvider } from '@app/market-data';
import { CacheModule } from '@app/ohlc-cache';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { MetricsRegistryModule } from './metrics/metrics-registry.module';
import { PrometheusCacheObserver } from './metrics/prometheus-cache.observer';
import { UpstreamModule } from './upstream/upstream.module';
import { FALLBACK_PROVIDERS } from './upstream/upstream.tokens';

/**
 * Everything but HTTP: configuration, the NYSE calendar, the configured
 * providers and the cache, as one module. The API builds on it, and so does
 * the operator CLI (apps/cli), which must warm and inspect exactly the cache
 * the API serves from.
 */
@Module({
  imports: [
    AppConfigModule,
    MarketHoursModule.registerAsync({
      isGlobal: true,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        extraClosures: config.extraClosures,
        extraEarlyCloses: config.extraEarlyCloses,
      }),
    }),
    CacheModule.registerAsync({
      isGlobal: true,
      imports: [UpstreamModule, MetricsRegistryModule],
      inject: [APP_CONFIG, OhlcProvider, FALLBACK_PROVIDERS, PrometheusCacheObserver],
      useFactory: (
        config: AppConfig,
        provider: OhlcProvider,
        fallbacks: OhlcProvider[],
        observer: PrometheusCacheObserver,
      ) => ({
        provider,
        fallbacks,
        l1: { maxBytes: config.l1MaxBytes, maxEntries: config.l1MaxEntries },
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
        observer,
      }),
    }),
  ],
})
export class CandleDataModule {}
