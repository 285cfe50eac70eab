import type { Candle, Interval, Resolution } from '@app/ohlc-core';
import type { FetchCostModel } from './fetch-cost';

/**
 * The seam between the cache and an upstream market-data source. Other Nest
 * apps bind their own implementation to the `OhlcProvider` token.
 */
export interface OhlcProvider {
  /** Written into the response `source` and the L2 partition key (`AAPL#<name>`). */
  readonly name: string;
  readonly resolutions: readonly Resolution[];
  /** What a call and a row cost against this provider's limits; `DEFAULT_FETCH_COST` when absent. */
  readonly fetchCost?: FetchCostModel;
  /**
   * Candles whose start lies in `range` (`[from, to)`, epoch ms; for `D` the
   * bounds are 00:00Z of trading dates), oldest first, already validated.
   * An empty array means upstream has nothing there (weekend, holiday,
   * halt); failures are thrown as domain errors from `@app/ohlc-core`.
   */
  fetchCandles(
    ticker: string,
    resolution: Resolution,
    range: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]>;
}
export const OhlcProvider = Symbol('OhlcProvider');
