import type { Interval, StoredCandle } from '@app/ohlc-core';
import type { OhlcProvider } from '@app/market-data';
import type { CheckAcceptance } from '../freshness/missing-spans';

/** What one request decided before filling: the source, the instants it judges freshness at, its generation. */
export interface FillContext {
  readonly provider: OhlcProvider;
  /** Epoch ms the request started at: the `fetchedAt` of what it fetches. */
  readonly now: number;
  /** Candles starting before this are final: closed and settled (see `cacheHorizon`). */
  readonly final: number;
  /** Start of the forming candle, or the horizon when none forms (see `cacheHorizon`). */
  readonly formingFrom: number;
  /** Since when checks of the not-yet-final part count (see `checkedSpans`). */
  readonly checksSince: CheckAcceptance;
  /** The ticker's invalidation generation the request read under; L1 is written under it too. */
  readonly generation: number;
  /**
   * Copies the layers had that a refetch replaces: expired ones (see
   * `CacheRead.expired`) and final ones due for re-verification. A refetch
   * that differs is a correction.
   */
  readonly previous?: readonly StoredCandle[];
  /** Final sessions asked for again to re-verify them (see `Reverification`). */
  readonly reverify?: readonly Interval[];
  /** Aborts the upstream calls; by default once `upstreamDeadlineMs` has passed since the fill began. */
  readonly signal?: AbortSignal;
}
