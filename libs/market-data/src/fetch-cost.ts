import { isIntraday, type Resolution } from '@app/ohlc-core';

/**
 * What a fetch costs against a provider's limits, in units of one request of
 * its request budget. The cache merges two gaps into one call only when the
 * rows it would fetch again in between cost less than the call it saves.
 */
export interface FetchCostModel {
  /** One call (normally 1: one unit of the request budget). */
  readonly perCall: number;
  /** One row of daily candles, against bandwidth or row limits. */
  readonly perDailyRow: number;
  /** One row of intraday candles. */
  readonly perIntradayRow: number;
}

/**
 * For providers that declare none: requests are the scarce resource, so four
 * held daily rows are worth one call; an intraday session holds at least 7
 * rows (hourly), so fetching a held one again never pays.
 */
export const DEFAULT_FETCH_COST: FetchCostModel = {
  perCall: 1,
  perDailyRow: 0.25,
  perIntradayRow: 0.2,
};

export function rowCost(model: FetchCostModel, resolution: Resolution): number {
  return isIntraday(resolution) ? model.perIntradayRow : model.perDailyRow;
}
