import { DAY_MS, isIntraday, toIsoDate, type Resolution } from '@app/ohlc-core';
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

/**
 * How far a fetch of `[.., spanEnd)` proves the series complete: up to
 * `final` when no session lies between them, so a chart whose range grows
 * into a night, weekend or holiday does not ask upstream about it again.
 */
export function provenCompleteUntil(
  hours: MarketHoursService,
  resolution: Resolution,
  spanEnd: number,
  final: number,
): number {
  if (spanEnd >= final) return final;
  const noSessionBetween = isIntraday(resolution)
    ? hours.sessionAt(spanEnd) === undefined && hours.nextOpen(spanEnd) >= final
    : hours.tradingDays(toIsoDate(spanEnd), toIsoDate(final - DAY_MS)).length === 0;
  return noSessionBetween ? final : spanEnd;
}
