import { Logger } from '@nestjs/common';
import {
  DAY_MS,
  RateLimitedError,
  type Interval,
  type Resolution,
  type StoredCandle,
} from '@app/ohlc-core';
import type { MarketHoursService } from '@app/market-hours';
import type { LiveEvent, LiveListener } from './live-event';

/** What one poll asks: the candle that closed last and the forming one, fresh since `since`. */
export interface LatestQuery {
  readonly ticker: string;
  readonly resolution: Resolution;
  readonly range: Interval;
  /** A forming copy fetched at or after this instant (epoch ms) is fresh enough. */
  readonly freshSince: number;
}

/** Reads `LatestQuery` through the cache (and upstream for what it lacks). */
export type LatestReader = (query: LatestQuery) => Promise<{
  readonly candles: readonly StoredCandle[];
  /** What upstream failed with, when the answer came from cache alone. */
  readonly upstreamError?: unknown;
}>;

/** Counts of one poller, for `/metrics`. */
export interface PollCounts {
  polls: number;
  skipped: number;
  /** Events delivered to watchers (one per watcher and event). */
  deliveries: number;
}

/** How far back the session before today's first candle is looked for: past any long weekend. */
const PREVIOUS_SESSION_LOOKBACK_MS = 10 * DAY_MS;
/** The longest a timer may be set for (Node caps it at 2^31 - 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One series' live candles, for however many watchers this instance has:
 * while at least one watches and the market is open, it reads the candle
 * that closed last and the forming one at every tick of `pollMs` (aligned to
 * the clock, so every instance polls on the same ticks and the fetch lease
 * lets one of them ask upstream while the others read what it wrote), and
 * tells the watchers what changed. Outside a session it says when the market
 * opens and sleeps until then. The last watcher leaving stops it at once.
 */
export class SeriesPoller {
  private readonly logger = new Logger('LiveCandles');
  private readonly watchers = new Set<LiveListener>();
  private timer?: NodeJS.Timeout;
  /** The last version of each candle told, by start: what a poll compares with. */
  private told = new Map<number, { readonly candle: StoredCandle; readonly final: boolean }>();
  private polling?: Promise<void>;
  /** The tick of the last poll that read the forming candle (see `freshSince`). */
  private lastTick?: number;

  constructor(
    readonly ticker: string,
    readonly resolution: Resolution,
    private readonly hours: MarketHoursService,
    private readonly read: LatestReader,
    private readonly pollMs: number,
    readonly counts: PollCounts,
  ) {}

  get size(): number {
    return this.watchers.size;
  }

  /**
   * Since when the forming candle the layers hold is as fresh as this poller
   * keeps it: the tick of its last poll, while it polls; else undefined.
   */
  get freshSince(): number | undefined {
    return this.timer === undefined ? undefined : this.lastTick;
  }

  /**
   * Adds a watcher; it is told the series' current state at once (the
   * forming candle and the one that closed last, or that the market is
   * closed). Returns what removes it.
   */
  watch(listener: LiveListener): () => void {
    this.watchers.add(listener);
    if (this.watchers.size === 1) this.schedule(0);
    else this.replay(listener);
    return () => {
      this.watchers.delete(listener);
      if (this.watchers.size === 0) this.stop();
    };
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastTick = undefined;
    this.told = new Map();
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.polling = this.poll().finally(() => (this.polling = undefined));
      },
      Math.min(Math.max(0, delayMs), MAX_TIMER_MS),
    );
    this.timer.unref();
  }

  /** What `watch` tells a watcher joining a series already polled: the candles told last. */
  private replay(listener: LiveListener): void {
    const now = this.hours.now();
    if (!this.hours.isOpen(now) && this.polling === undefined) {
      listener({ kind: 'market', state: 'closed', nextOpen: this.hours.nextOpen(now) });
    }
    for (const { candle, final } of [...this.told.values()].sort(
      (a, b) => a.candle.start - b.candle.start,
    )) {
      listener({ kind: 'candle', candle, final });
    }
  }

  private async poll(): Promise<void> {
    if (this.watchers.size === 0) return;
    const now = this.hours.now();
    const forming = this.hours.isOpen(now)
      ? this.hours.candleStart(this.resolution, now)
      : undefined;
    if (forming === undefined) {
      const nextOpen = this.hours.nextOpen(now);
      this.tell({ kind: 'market', state: 'closed', nextOpen });
      // Wakes at the open (a fresh session), polling nothing before.
      this.told = new Map();
      this.schedule(nextOpen - now);
      return;
    }
    const tick = Math.floor(now / this.pollMs) * this.pollMs;
    const range = {
      from: this.previousStart(forming),
      to: this.hours.candleEnd(this.resolution, forming),
    };
    this.counts.polls++;
    try {
      const { candles, upstreamError } = await this.read({
        ticker: this.ticker,
        resolution: this.resolution,
        range,
        freshSince: tick,
      });
      if (upstreamError !== undefined) this.skipped(upstreamError);
      else this.lastTick = tick;
      for (const candle of candles) this.compare(candle, candle.start < forming);
    } catch (error) {
      this.skipped(error);
    }
    this.schedule(tick + this.pollMs - this.hours.now());
  }

  /** The start of the candle before `forming`: this session's, or the last one's last. */
  private previousStart(forming: number): number {
    const sameSession = this.hours.candleStart(this.resolution, forming - 1);
    if (sameSession !== undefined) return sameSession;
    const spans = this.hours.tradingSpans(this.resolution, {
      from: forming - PREVIOUS_SESSION_LOOKBACK_MS,
      to: forming,
    });
    const last = spans.at(-1);
    return last ? (this.hours.candleStart(this.resolution, last.to - 1) ?? forming) : forming;
  }

  private compare(candle: StoredCandle, final: boolean): void {
    const known = this.told.get(candle.start);
    if (known && (known.final || (!final && sameValues(known.candle, candle)))) return;
    this.told.set(candle.start, { candle, final });
    // Only the latest two candles matter to a joining watcher.
    for (const start of [...this.told.keys()].sort((a, b) => a - b).slice(0, -2)) {
      this.told.delete(start);
    }
    this.tell({ kind: 'candle', candle, final });
  }

  private skipped(error: unknown): void {
    this.counts.skipped++;
    const retryAt = error instanceof RateLimitedError ? error.retryAt : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(`Live poll of ${this.ticker} ${this.resolution} skipped: ${reason}`);
    this.tell({ kind: 'skipped', reason, ...(retryAt !== undefined && { retryAt }) });
  }

  private tell(event: LiveEvent): void {
    for (const watcher of this.watchers) {
      this.counts.deliveries++;
      watcher(event);
    }
  }
}

function sameValues(a: StoredCandle, b: StoredCandle): boolean {
  return (
    a.open === b.open &&
    a.high === b.high &&
    a.low === b.low &&
    a.close === b.close &&
    a.volume === b.volume
  );
}
