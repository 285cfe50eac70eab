import { Module } from '@nestjs/common';
import { CandleDataModule } from '../../api/src/candle-data.module';
import { StatsService } from './stats/stats.service';
import { Sleeper } from './warm/sleeper.port';
import { TimerSleeper } from './warm/timer.sleeper';
import { WarmService } from './warm/warm.service';

/**
 * The CLI's Nest context: the API's configuration, calendar, providers and
 * cache (`CandleDataModule`), without its HTTP layer.
 */
@Module({
  imports: [CandleDataModule],
  providers: [WarmService, StatsService, { provide: Sleeper, useClass: TimerSleeper }],
})
export class CliModule {}
