import { Injectable } from '@nestjs/common';
import { LiveStreams } from '../live/live-streams';
import { collectedCounter, collectedGauge } from './collected-metric';
import { MetricsRegistry } from './metrics-registry';

/** Live candle streams and the polls behind them (docs/api.md#live-candles). */
@Injectable()
export class LiveMetrics {
  constructor({ registry }: MetricsRegistry, streams: LiveStreams) {
    const stats = () => streams.stats();
    collectedGauge(registry, {
      name: 'ohlc_live_streams',
      help: 'Live candle streams open on this instance',
      samples: () => [[{}, stats().open]],
    });
    collectedGauge(registry, {
      name: 'ohlc_live_series',
      help: 'Series polled for live candles (at least one watcher here)',
      samples: () => [[{}, stats().series]],
    });
    collectedCounter(registry, {
      name: 'ohlc_live_polls_total',
      help: 'Polls of watched series by outcome (skipped: rate limited or upstream down, said in the streams)',
      labelNames: ['outcome'],
      samples: () => [
        [{ outcome: 'ok' }, stats().polls - stats().skipped],
        [{ outcome: 'skipped' }, stats().skipped],
      ],
    });
    collectedCounter(registry, {
      name: 'ohlc_live_deliveries_total',
      help: 'Events delivered to watchers: divided by polls, the fan-out of one poll',
      samples: () => [[{}, stats().deliveries]],
    });
    collectedCounter(registry, {
      name: 'ohlc_live_dropped_clients_total',
      help: 'Stream clients cut off for not reading their events',
      samples: () => [[{}, stats().dropped]],
    });
  }
}
