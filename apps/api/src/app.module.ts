import { Module } from '@nestjs/common';
import { MarketHoursModule } from '@app/market-hours';
import { OhlcProvider } from '@app/market-data';
import { CacheModule } from '@app/ohlc-cache';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { HealthModule } from './health/health.module';
import { OhlcModule } from './ohlc/ohlc.module';
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
      imports: [UpstreamModule],
      inject: [APP_CONFIG, OhlcProvider, FALLBACK_PROVIDERS],
      useFactory: (config: AppConfig, provider: OhlcProvider, fallbacks: OhlcProvider[]) => ({
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
        },
      }),
    }),
    OhlcModule,
    AdminModule,
    HealthModule,
  ],
})
export class AppModule {}
