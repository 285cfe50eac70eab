import type { Resolution } from './resolution';

/** One cached series: a ticker's candles of one resolution from one provider. */
export interface SeriesKey {
  /** Upper-case symbol, e.g. `AAPL` or `BRK.B`. */
  readonly ticker: string;
  /** Provider that produced the candles (`tiingo`, `finnhub`, `demo`, ...). */
  readonly source: string;
  readonly resolution: Resolution;
}

export function seriesId(s: SeriesKey): string {
  return `${s.ticker}#${s.source}#${s.resolution}`;
}
