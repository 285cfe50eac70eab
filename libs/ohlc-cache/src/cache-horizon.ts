import { DAY_MS, isIntraday, type Resolution } from '@app/ohlc-core';
import type { MarketHoursService } from '@app/market-hours';
import { settledAt, type SettlementPolicy } from '@app/market-data';

/** Daily settlement may run into later days; older sessions than this are settled. */
const DAILY_SETTLEMENT_LOOKBACK_DAYS = 10;

/**
 * Where the cache's knowledge of a series ends at an instant (docs/api.md#freshness).
 * Every candle starting before `final` is final: closed, and settled (the
 * provider can be trusted to have published it and its corrections). Candles
 * in `[final, horizon)` are forming or closed but unsettled: cached only until
 * they close or settle, and never covered; nothing can start after `horizon`
 * yet. Outside a session `final` jumps to the next open, so nights, weekends
 * and holidays count as complete and are never refetched.
 */
export interface CacheHorizon {
  readonly final: number;
  /**
   * Start of the forming candle, or `horizon` when none forms: `[final,
   * formingFrom)` holds closed candles not settled yet, `[formingFrom,
   * horizon)` the forming one.
   */
  readonly formingFrom: number;
  readonly horizon: number;
}

export function cacheHorizon(
  hours: MarketHoursService,
  resolution: Resolution,
  now: number,
  settlement?: SettlementPolicy,
): CacheHorizon {
  const closed = closedHorizon(hours, resolution, now);
  if (!settlement) return { ...closed, formingFrom: closed.final };
  const settledUntil = isIntraday(resolution)
    ? // An intraday candle settles a fixed delay after it ends: it is settled
      // now exactly when it was closed that delay ago.
      closedHorizon(hours, resolution, now - settlement.intradayDelayMs).final
    : dailySettledUntil(hours, closed.final, now, settlement);
  return {
    final: Math.min(closed.final, settledUntil),
    formingFrom: closed.final,
    horizon: closed.horizon,
  };
}

/** The start of the oldest closed daily candle not yet settled, or `closedFinal`. */
function dailySettledUntil(
  hours: MarketHoursService,
  closedFinal: number,
  now: number,
  settlement: SettlementPolicy,
): number {
  const recent = hours.tradingSpans('D', {
    from: closedFinal - DAILY_SETTLEMENT_LOOKBACK_DAYS * DAY_MS,
    to: closedFinal,
  });
  let final = closedFinal;
  for (const { from: start } of recent.reverse()) {
    if (now >= settledAt(settlement, 'D', start, hours.candleEnd('D', start))) break;
    final = start;
  }
  return final;
}

/** `cacheHorizon` by closing alone: every candle before `final` has ended. */
function closedHorizon(
  hours: MarketHoursService,
  resolution: Resolution,
  now: number,
): Omit<CacheHorizon, 'formingFrom'> {
  const open = hours.isOpen(now);
  if (isIntraday(resolution)) {
    const forming = open ? hours.candleStart(resolution, now) : undefined;
    if (forming === undefined) {
      // After a late open the first candle is labelled at the grid point before it (09:30 on a
      // 09:33 open): nothing from that label on is final yet.
      const next = hours.nextOpen(now);
      const first = Math.min(next, hours.candleStart(resolution, next) ?? next);
      return { final: first, horizon: first };
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
