import { DAY_MS, isIntraday, type Resolution } from '@app/ohlc-core';
import type { MarketHoursService } from '@app/market-hours';

/**
 * Where the cache's knowledge of a series ends at an instant (docs/api.md#freshness).
 * Every candle starting before `final` is closed and immutable; candles in
 * `[final, horizon)` are forming (at most one); nothing can start after
 * `horizon` yet. Outside a session `final` jumps to the next open, so
 * nights, weekends and holidays count as complete and are never refetched.
 */
export interface CacheHorizon {
  readonly final: number;
  readonly horizon: number;
}

export function cacheHorizon(
  hours: MarketHoursService,
  resolution: Resolution,
  now: number,
): CacheHorizon {
  const open = hours.isOpen(now);
  if (isIntraday(resolution)) {
    const forming = open ? hours.candleStart(resolution, now) : undefined;
    if (forming === undefined) {
      const next = hours.nextOpen(now);
      return { final: next, horizon: next };
    }
    return { final: forming, horizon: hours.candleEnd(resolution, forming) };
  }
  if (open) {
    const today = hours.nyDateStartUtc(now);
    return { final: today, horizon: today + DAY_MS };
  }
  const nextSessionDay = hours.nyDateStartUtc(hours.nextOpen(now));
  return { final: nextSessionDay, horizon: nextSessionDay };
}
