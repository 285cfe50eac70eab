import { Module } from '@nestjs/common';
import { LiveCandlesModule } from '@app/live-candles';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

const liveCandles = LiveCandlesModule.registerAsync({
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => ({ pollMs: config.live.pollMs }),
});
import { LiveController } from './live.controller';
import { LiveStreams } from './live-streams';

/** `GET /api/v2/tickers/{ticker}/ohlc/stream`: live candles as server-sent events. */
@Module({
  imports: [liveCandles],
  controllers: [LiveController],
  providers: [LiveStreams],
  // The OHLC route asks it how fresh a watched series' forming candle is.
  exports: [LiveStreams, liveCandles],
})
export class LiveModule {}
