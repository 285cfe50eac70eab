import { Module } from '@nestjs/common';
import { LiveCandlesModule } from '@app/live-candles';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LiveController } from './live.controller';
import { LiveStreams } from './live-streams';

/** `GET /api/v2/tickers/{ticker}/ohlc/stream`: live candles as server-sent events. */
@Module({
  imports: [
    LiveCandlesModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ pollMs: config.live.pollMs }),
    }),
  ],
  controllers: [LiveController],
  providers: [LiveStreams],
  exports: [LiveStreams],
})
export class LiveModule {}
