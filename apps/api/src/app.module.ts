import { Module } from '@nestjs/common';
import { CandleDataModule } from '@app/candle-data';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { AppConfigModule } from './config/app-config.module';
import { HealthModule } from './health/health.module';
import { LiveModule } from './live/live.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { MetricsRegistryModule } from './metrics/metrics-registry.module';
import { PrometheusCacheObserver } from './metrics/prometheus-cache.observer';
import { OhlcModule } from './ohlc/ohlc.module';
import { ShutdownModule } from './shutdown/shutdown.module';

@Module({
  imports: [
    AppConfigModule,
    CandleDataModule.forRoot({
      observer: { token: PrometheusCacheObserver, imports: [MetricsRegistryModule] },
    }),
    AuthModule,
    OhlcModule,
    LiveModule,
    LoggingModule,
    AdminModule,
    HealthModule,
    MetricsModule,
    ShutdownModule,
  ],
})
export class AppModule {}
