export * from './live-candles.module';
export * from './live-candles.options';
export * from './live-candles.service';
export * from './live-event';
export type { LatestQuery } from './series-poller';
