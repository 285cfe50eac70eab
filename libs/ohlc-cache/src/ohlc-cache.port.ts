import type { Interval, SeriesKey, StoredCandle } from '@app/ohlc-core';

/**
 * Upstream was asked for `span`, a span not final yet, at `at` (epoch ms):
 * every candle it had there then was stored with the check. Candles before
 * `closedUntil` had closed by then (it is the start of the candle forming at
 * `at`, or the end of the span when none was), so the check tells a later
 * reader how fresh its copy of a closed candle, or of the forming one, is.
 */
export interface VolatileCheck {
  readonly span: Interval;
  readonly closedUntil: number;
  readonly at: number;
}

/** What a cache layer knows about a range of one series. */
export interface CacheRead {
  /** Unexpired candles whose start lies in the range, oldest first. */
  readonly candles: StoredCandle[];
  /**
   * Parts of the range known to be complete: every candle upstream had there
   * is in `candles`. Time outside these intervals is unknown, not empty.
   */
  readonly covered: Interval[];
  /**
   * Copies past their expiry (forming or unsettled when fetched) that the
   * layer still has, never served: a refetch compares against them to tell
   * a correction. Optional: a layer that drops them at once has none.
   */
  readonly expired?: StoredCandle[];
  /** The latest checks of not-yet-final spans in the range; none when the layer keeps none. */
  readonly checks?: readonly VolatileCheck[];
}

/** Candles fetched from upstream for a span, ready to be stored. */
export interface CacheWrite {
  readonly candles: readonly StoredCandle[];
  /**
   * Spans whose candles are now final and complete. Forming candles are
   * written but lie outside them, so they are fetched again once they close.
   */
  readonly covered: readonly Interval[];
  /** When the write's volatile (forming or unsettled) part was asked for (see `VolatileCheck`). */
  readonly checks?: readonly VolatileCheck[];
}

/** One layer of the candle cache (L1 memory, L2 DynamoDB, or another app's own). */
export interface OhlcCachePort {
  read(series: SeriesKey, range: Interval): Promise<CacheRead>;
  /** Resolves once the write is durable in this layer; rejects when it is not. */
  write(series: SeriesKey, write: CacheWrite): Promise<void>;
}

/*
 * `OhlcService` composes two bindings of the port. Each is a type and a
 * same-named injection token (the `ThrottlerStorage` pattern of
 * @nestjs/throttler), so `@InjectL1Cache() l1: L1Cache` reads as one thing.
 */

/**
 * The in-process layer (`MemoryCandleStore` over cache-manager), each series
 * kept under its ticker's invalidation generation: the current one, or
 * `generation` when the caller passes one it confirms (see `GenerationCheck`).
 */
export interface L1Cache extends OhlcCachePort {
  read(series: SeriesKey, range: Interval, generation?: number): Promise<CacheRead>;
  write(series: SeriesKey, write: CacheWrite, generation?: number): Promise<void>;
}
export const L1Cache = Symbol('OhlcCache.L1Cache');

/** The shared persistent layer (`DynamoDbCandleStore`). */
export interface L2Cache extends OhlcCachePort {
  /**
   * `read`, and in the same request as the coverage the ticker's invalidation
   * generation as `L2Admin.generation` reads it (strongly consistent): a read
   * that has to confirm the generation (`GenerationCheck`) costs no request
   * of its own. Optional: without it the generation is read apart.
   */
  readWithGeneration?(series: SeriesKey, range: Interval): Promise<GenerationRead>;
}
export const L2Cache = Symbol('OhlcCache.L2Cache');

/** A read of L2 and the generation of its ticker, read with its coverage. */
export interface GenerationRead {
  readonly cached: CacheRead;
  readonly generation: number;
}
