import { Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CandleDataModule } from './candle-data.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { OhlcModule } from './ohlc/ohlc.module';
import { ShutdownModule } from './shutdown/shutdown.module';

@Module({
  imports: [
    CandleDataModule,
    AuthModule,
    OhlcModule,
    LoggingModule,
    AdminModule,
    HealthModule,
    MetricsModule,
    ShutdownModule,
  ],
})
export class AppModule {}
