import type { Interval, SeriesKey, StoredCandle } from '@app/ohlc-core';

/** What a cache layer knows about a range of one series. */
export interface CacheRead {
  /** Unexpired candles whose start lies in the range, oldest first. */
  readonly candles: StoredCandle[];
  /**
   * Parts of the range known to be complete: every candle upstream had there
   * is in `candles`. Time outside these intervals is unknown, not empty.
   */
  readonly covered: Interval[];
}

/** Candles fetched from upstream for a span, ready to be stored. */
export interface CacheWrite {
  readonly candles: readonly StoredCandle[];
  /**
   * Spans whose candles are now final and complete. Forming candles are
   * written but lie outside them, so they are fetched again once they close.
   */
  readonly covered: readonly Interval[];
}

/** One layer of the candle cache (L1 memory, L2 DynamoDB, or another app's own). */
export interface OhlcCachePort {
  read(series: SeriesKey, range: Interval): Promise<CacheRead>;
  /** Resolves once the write is durable in this layer; rejects when it is not. */
  write(series: SeriesKey, write: CacheWrite): Promise<void>;
}
export const OhlcCachePort = Symbol('OhlcCachePort');

/** The in-process layer. */
export const L1_CACHE = Symbol('OhlcL1Cache');
/** The shared persistent layer. */
export const L2_CACHE = Symbol('OhlcL2Cache');
/** The providers `OhlcService` fetches from, in order: `options.provider`, then `options.fallbacks`. */
export const OHLC_UPSTREAMS = Symbol('OhlcCache.Upstreams');
