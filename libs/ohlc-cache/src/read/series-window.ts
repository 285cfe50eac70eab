import type { Interval, SeriesKey } from '@app/ohlc-core';
import type { OhlcProvider } from '@app/market-data';
import type { CheckAcceptance } from '../freshness/missing-spans';
import type { ReadLog } from '../result-basis';
import type { GenerationCheck } from '../l1/ticker-generations';

/** What one `getCandles` call decides once and every read it makes shares. */
export interface ReadScope {
  /** The series read so far and whether any can still change (the result's basis). */
  readonly log: ReadLog;
  /** The ticker's invalidation generation every layer is read and written under. */
  readonly generation: GenerationCheck;
}

/** One request's view of one source's series: what to read, and how fresh it must be. */
export interface SeriesWindow extends ReadScope {
  readonly series: SeriesKey;
  readonly provider: OhlcProvider;
  /** Who asks, for each client's share of the fills (`OhlcQuery.client`). */
  readonly client?: string;
  /** Epoch ms the request started at. */
  readonly now: number;
  /** Candles starting before this are final: closed and settled (see `cacheHorizon`). */
  readonly final: number;
  /** Start of the forming candle (the horizon when none forms); before it, `final` on, closed but unsettled. */
  readonly formingFrom: number;
  /**
   * Since when a check of the unsettled or forming part counts (see
   * `checkedSpans`): after it, that part is served from the layers, before
   * it is asked for again.
   */
  readonly checksSince: CheckAcceptance;
  /** The candle starts asked for, cut at the cache horizon. */
  readonly range: Interval;
  /** When the answer goes stale: the next session close while open, else the next open. */
  readonly expiresAt: number;
}
