import {
  type Candle,
  type IntradayResolution,
  intradayMs,
  isIntraday,
  type Resolution,
} from '@app/ohlc-core';
import { newYorkWallClock } from '@app/market-hours';
import { aggregateCandles } from '../resample/session-grid-aggregation';
import type { CandleStartPredicate } from '../validation/candle-start-predicate';

const HOUR_MS = 3_600_000;
/** US extended hours, in New York minutes: 04:00–20:00, 16 clock hours. */
const EXTENDED_HOURS = { from: 4 * 60, to: 20 * 60 } as const;
/** The bars an hourly answer is built from when no hourly ones are held, finest last. */
const HOURLY_SOURCES: readonly IntradayResolution[] = ['60', '30', '15', '5', '1'];

/**
 * Intraday starts in US extended hours (04:00–20:00 New York) on the days
 * `isCandleStart` trades, as Finnhub, Polygon and Alpaca serve their bars:
 * seed a fake with `syntheticCandles(r, range, extendedHours(isCandleStart))`
 * to get pre- and after-market bars too.
 */
export function extendedHours(isCandleStart: CandleStartPredicate): CandleStartPredicate {
  return (resolution, start) => {
    if (!isIntraday(resolution)) return isCandleStart(resolution, start);
    const { minuteOfDay } = newYorkWallClock(start);
    return (
      isCandleStart('D', start - (start % 86_400_000)) &&
      minuteOfDay >= EXTENDED_HOURS.from &&
      minuteOfDay + intradayMs(resolution) / 60_000 <= EXTENDED_HOURS.to
    );
  };
}

/** Hour buckets on clock hours, whatever the parts (New York's offset is whole hours). */
const clockHours: CandleStartPredicate = (resolution, start) =>
  resolution !== '60' || start % HOUR_MS === 0;

/**
 * The candles a fake feed holds, per ticker and resolution. Hourly bars are
 * served as the feeds stamp theirs, on clock hours (09:00, 10:00, …): the held
 * hourly candles moved to their clock hour, else the finest-grained ones held,
 * bucketed by clock hour.
 */
export class HeldCandles {
  private readonly series = new Map<string, readonly Candle[]>();

  set(ticker: string, resolution: Resolution, candles: readonly Candle[]): void {
    this.series.set(key(ticker, resolution), candles);
  }

  /** Whether any series of `ticker` is held. */
  holds(ticker: string): boolean {
    return [...this.series.keys()].some((k) => k.startsWith(`${ticker.toUpperCase()}#`));
  }

  bars(ticker: string, resolution: Resolution): readonly Candle[] {
    if (resolution !== '60') return this.series.get(key(ticker, resolution)) ?? [];
    const source = HOURLY_SOURCES.find((r) => this.series.has(key(ticker, r)));
    if (source === undefined) return [];
    const parts = [...(this.series.get(key(ticker, source)) ?? [])].sort(
      (a, b) => a.start - b.start,
    );
    if (source === '60') {
      return parts.map((c) => ({ ...c, start: c.start - (c.start % HOUR_MS) }));
    }
    return aggregateCandles(parts, '60', source, clockHours);
  }
}

function key(ticker: string, resolution: Resolution): string {
  return `${ticker.toUpperCase()}#${resolution}`;
}
