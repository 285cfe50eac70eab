import { Module } from '@nestjs/common';
import { CandleDataModule } from '@app/candle-data';
import { StatsService } from './stats/stats.service';
import { Sleeper } from './warm/sleeper.port';
import { TimerSleeper } from './warm/timer.sleeper';
import { WarmService } from './warm/warm.service';

/**
 * The CLI's Nest context: the configuration, calendar, providers and cache
 * the API serves from (`CandleDataModule`), with the CLI's own services.
 */
@Module({
  imports: [CandleDataModule.forRoot()],
  providers: [WarmService, StatsService, { provide: Sleeper, useClass: TimerSleeper }],
})
export class CliModule {}
