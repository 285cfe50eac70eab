import type { Interval, Resolution } from '@app/ohlc-core';

/** What the shared layer holds of one series, for operators (the CLI's `stats`). */
export interface SeriesSummary {
  readonly ticker: string;
  /** Provider whose partition holds the series. */
  readonly source: string;
  readonly resolution: Resolution;
  /** Candles stored and not expired. */
  readonly candles: number;
  /** Start of the oldest stored candle, epoch ms; absent when there is none. */
  readonly oldest?: number;
  /** Start of the newest stored candle, epoch ms; absent when there is none. */
  readonly newest?: number;
  /** Spans known complete (the coverage items), merged, oldest first. */
  readonly covered: Interval[];
}

/**
 * Read-only inspection of the shared layer. Never on a request path: it reads
 * whole partitions (or the whole table), which only an operator's question
 * justifies.
 */
export interface L2Inspector {
  /**
   * The series of `ticker` in the partitions of `sources`: one keys-and-coverage
   * `Query` per source, paged. Sorted by source, then resolution.
   */
  seriesOf(ticker: string, sources: readonly string[]): Promise<SeriesSummary[]>;
  /** Every series in the table, sorted by ticker, source, resolution: a paged `Scan`. */
  allSeries(): Promise<SeriesSummary[]>;
}
/** Read-only inspection of the shared layer (`DynamoDbL2Inspector`). */
export const L2Inspector = Symbol('OhlcCache.L2Inspector');
