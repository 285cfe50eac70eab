import type { Resolution } from '@app/ohlc-core';

/**
 * Maintenance of the shared layer (docs/architecture.md#invalidation): removing
 * a ticker's items, and the per-ticker generation every instance's L1 checks,
 * so that what L2 no longer holds stops being served from memory too.
 */
export interface L2Admin {
  /**
   * Deletes the candles and coverage of `ticker` from the partitions of
   * `sources`: every resolution, or only `resolution`. Resolves to the number
   * of items removed.
   */
  deleteSeries(
    ticker: string,
    sources: readonly string[],
    resolution?: Resolution,
  ): Promise<number>;
  /** The ticker's generation: 0 until it is first invalidated, then one more per invalidation. */
  generation(ticker: string): Promise<number>;
  /** Adds one to the ticker's generation atomically and resolves to the new value. */
  bumpGeneration(ticker: string): Promise<number>;
}
/** The shared layer's maintenance operations (`DynamoDbL2Admin`). */
export const L2Admin = Symbol('OhlcCache.L2Admin');
