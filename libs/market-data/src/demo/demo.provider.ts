import {
  DAY_MS,
  isIntraday,
  toIsoDate,
  type Candle,
  type Interval,
  type Resolution,
  RESOLUTIONS,
} from '@app/ohlc-core';
import type { MarketHoursService } from '@app/market-hours';
import type { OhlcProvider } from '../ohlc-provider.port';
import { sleep } from '../http/backoff';
import { IMMEDIATE_SETTLEMENT } from '../settlement/settlement-policy';
import { DemoPricePath, type MinuteBar } from './demo-price-path';

const MINUTE_MS = 60_000;

export interface DemoProviderOptions {
  /** Simulated upstream latency per call, in milliseconds. */
  readonly latencyMs: number;
}

/**
 * Stands in for upstream when no API key is configured: synthetic candles,
 * only inside NYSE sessions, never starting in the future. Source `demo`.
 */
export class DemoProvider implements OhlcProvider {
  readonly name = 'demo';
  readonly resolutions: readonly Resolution[] = RESOLUTIONS;
  /** Computed from the clock: a closed candle never changes, nothing arrives late. */
  readonly settlement = IMMEDIATE_SETTLEMENT;

  constructor(
    private readonly hours: MarketHoursService,
    private readonly options: DemoProviderOptions,
  ) {}

  async fetchCandles(
    ticker: string,
    resolution: Resolution,
    range: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]> {
    if (this.options.latencyMs > 0) await sleep(this.options.latencyMs, signal);
    const now = this.hours.now();
    const path = new DemoPricePath(ticker);
    const candles: Candle[] = [];
    for (const date of this.datesOf(resolution, range)) {
      const session = this.hours.session(date);
      if (!session || session.open >= now) continue;
      const starts = this.hours.sessionCandleStarts(date, resolution);
      const ends = isIntraday(resolution) ? [...starts.slice(1), session.close] : [session.close];
      starts.forEach((start, i) => {
        const from = isIntraday(resolution) ? start : session.open;
        if (start < range.from || start >= range.to || from >= now) return;
        candles.push({ start, ...aggregate(path, from, Math.min(ends[i], now), now) });
      });
    }
    return candles;
  }

  /** Trading dates whose candles may start inside `range`. */
  private datesOf(resolution: Resolution, range: Interval): string[] {
    if (!isIntraday(resolution)) {
      return this.hours.tradingDays(toIsoDate(range.from), toIsoDate(range.to - DAY_MS));
    }
    return this.hours.tradingDays(this.hours.nyDate(range.from), this.hours.nyDate(range.to - 1));
  }
}

/** One candle made of the minute bars in `[from, to)`, the last one cut at `now`. */
function aggregate(
  path: DemoPricePath,
  from: number,
  to: number,
  now: number,
): Omit<Candle, 'start'> {
  let bar: MinuteBar | undefined;
  for (let m = from; m < to; m += MINUTE_MS) {
    const next = path.minuteBar(m, now);
    bar = bar
      ? {
          open: bar.open,
          close: next.close,
          high: Math.max(bar.high, next.high),
          low: Math.min(bar.low, next.low),
          volume: bar.volume + next.volume,
        }
      : next;
  }
  if (!bar) throw new Error('a candle needs at least one minute');
  return bar;
}
