import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Resolution } from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import { OhlcService } from '@app/ohlc-cache';
import type { LiveListener } from './live-event';
import { InjectLiveCandlesOptions } from './live-candles.module-definition';
import { DEFAULT_LIVE_POLL_MS, type LiveCandlesOptions } from './live-candles.options';
import { SeriesPoller, type PollCounts } from './series-poller';

/** The numbers `/metrics` reads. */
export interface LiveCandlesStats extends Readonly<PollCounts> {
  /** Watchers on this instance, all series together. */
  readonly watchers: number;
  /** Series being polled (at least one watcher). */
  readonly series: number;
}

/**
 * Live candles of any series, one `SeriesPoller` per series watched on this
 * instance: many watchers of one series cost one poll per interval, and the
 * fetch lease makes that one poll per interval for the fleet (the polls read
 * through `OhlcService`, so each writes through like any fetch).
 */
@Injectable()
export class LiveCandlesService implements OnApplicationShutdown {
  private readonly pollers = new Map<string, SeriesPoller>();
  private readonly counts: PollCounts = { polls: 0, skipped: 0, deliveries: 0 };
  private readonly pollMs: number;

  constructor(
    private readonly ohlc: OhlcService,
    private readonly hours: MarketHoursService,
    @InjectLiveCandlesOptions() options: LiveCandlesOptions,
  ) {
    this.pollMs = options.pollMs ?? DEFAULT_LIVE_POLL_MS;
  }

  /** Starts telling `listener` the series' events; returns what stops it. */
  watch(ticker: string, resolution: Resolution, listener: LiveListener): () => void {
    const key = `${ticker}|${resolution}`;
    let poller = this.pollers.get(key);
    if (!poller) {
      poller = new SeriesPoller(
        ticker,
        resolution,
        this.hours,
        (query) => this.ohlc.getCandles(query),
        this.pollMs,
        this.counts,
      );
      this.pollers.set(key, poller);
    }
    const unwatch = poller.watch(listener);
    const watched = poller;
    return () => {
      unwatch();
      if (watched.size === 0 && this.pollers.get(key) === watched) this.pollers.delete(key);
    };
  }

  /**
   * Since when a forming candle of the series in the layers is fresh enough
   * for any reader (`OhlcQuery.freshSince`): the last poll's tick while the
   * series is watched here, so the OHLC route serves from cache what the
   * stream has shown; undefined when it is not.
   */
  freshSince(ticker: string, resolution: Resolution): number | undefined {
    return this.pollers.get(`${ticker}|${resolution}`)?.freshSince;
  }

  stats(): LiveCandlesStats {
    let watchers = 0;
    for (const poller of this.pollers.values()) watchers += poller.size;
    return { ...this.counts, watchers, series: this.pollers.size };
  }

  onApplicationShutdown(): void {
    for (const poller of this.pollers.values()) poller.stop();
    this.pollers.clear();
  }
}
