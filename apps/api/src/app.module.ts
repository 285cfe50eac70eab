import { Module } from '@nestjs/common';
import { MarketHoursModule } from '@app/market-hours';
import { OhlcProvider } from '@app/market-data';
import { CacheModule } from '@app/ohlc-cache';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { MetricsRegistryModule } from './metrics/metrics-registry.module';
import { PrometheusCacheObserver } from './metrics/prometheus-cache.observer';
import { OhlcModule } from './ohlc/ohlc.module';
import { ShutdownModule } from './shutdown/shutdown.module';
import { UpstreamModule } from './upstream/upstream.module';
import { FALLBACK_PROVIDERS } from './upstream/upstream.tokens';

@Module({
  imports: [
    AppConfigModule,
    AuthModule,
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
          timeoutMs: config.l2TimeoutMs,
          maxAttempts: config.l2MaxAttempts,
          replay: config.replay,
        },
        breaker: config.breaker,
        upstreamDeadlineMs: config.upstreamDeadlineMs,
        observer,
      }),
    }),
    OhlcModule,
    LoggingModule,
    AdminModule,
    HealthModule,
    MetricsModule,
    ShutdownModule,
  ],
})
export class AppModule {}
