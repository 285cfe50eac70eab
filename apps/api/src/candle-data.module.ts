import { Module } from '@nestjs/common';
import { MarketHoursModule } from '@app/market-hours';
import { OhlcProvider } from '@app/market-data';
import { CacheModule } from '@app/ohlc-cache';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { FALLBACK_PROVIDERS, UpstreamModule } from './upstream/upstream.module';

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
      imports: [UpstreamModule],
      inject: [APP_CONFIG, OhlcProvider, FALLBACK_PROVIDERS],
      useFactory: (config: AppConfig, provider: OhlcProvider, fallbacks: OhlcProvider[]) => ({
        provider,
        fallbacks,
        l1: { maxEntries: config.l1MaxEntries },
        l2: {
          backend: config.l2Backend,
          tableName: config.tableName,
          embeddedPath: config.embeddedDynamoDbPath,
          endpoint: config.dynamoDbEndpoint,
          region: config.awsRegion,
          createTable: config.createTable,
          leaseMs: config.fetchLeaseMs,
        },
      }),
    }),
  ],
})
export class CandleDataModule {}
