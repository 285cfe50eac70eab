import type { Resolution } from '@app/ohlc-core';
import type { Invalidation } from '@app/ohlc-cache';

/** What an invalidation removed, as the admin endpoint and `cli invalidate --json` print it. */
export interface InvalidationBody {
  readonly ticker: string;
  /** The resolution removed; null when every resolution was. */
  readonly resolution: Resolution | null;
  /** Providers whose cached data was removed. */
  readonly sources: string[];
  /** L2 items deleted (candles and coverage buckets). */
  readonly removed: number;
}

export function toInvalidationBody(invalidation: Invalidation): InvalidationBody {
  return {
    ticker: invalidation.ticker,
    resolution: invalidation.resolution ?? null,
    sources: invalidation.sources,
    removed: invalidation.removed,
  };
}
