import type { StoredCandle } from '@app/ohlc-core';
import type { OhlcProvider } from '@app/market-data';

/** What one request decided before filling: the source, the instants it judges freshness at, its generation. */
export interface FillContext {
  readonly provider: OhlcProvider;
  /** Epoch ms the request started at: the `fetchedAt` of what it fetches. */
  readonly now: number;
  /** Candles starting before this are final: closed and settled (see `cacheHorizon`). */
  readonly final: number;
  /** The ticker's invalidation generation the request read under; L1 is written under it too. */
  readonly generation: number;
  /** Expired copies the layers still had (see `CacheRead.expired`): a refetch that differs is a correction. */
  readonly previous?: readonly StoredCandle[];
  /** Aborts the upstream calls; by default once `upstreamDeadlineMs` has passed since the fill began. */
  readonly signal?: AbortSignal;
}
