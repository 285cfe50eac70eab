import { Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CandleDataModule } from './candle-data.module';
import { HealthModule } from './health/health.module';
import { OhlcModule } from './ohlc/ohlc.module';

@Module({
  imports: [CandleDataModule, AuthModule, OhlcModule, AdminModule, HealthModule],
})
export class AppModule {}
