import { DAY_MS, intradayMs, isIntraday } from '@app/ohlc-core';
import { newYorkWallClock } from '@app/market-hours';
import type { CandleStartPredicate } from '../validation/candle-start-predicate';

const OPEN_MINUTE = 9 * 60 + 30;
const CLOSE_MINUTE = 16 * 60;

/**
 * A stand-in for `MarketHoursService` in tests: Monday–Friday 09:30–16:00
 * America/New_York, no holidays. Intraday candles are anchored at the open
 * (hourly ones start 09:30, 10:30, …); daily ones at 00:00Z of a weekday.
 */
export const weekdaySessionCandleStart: CandleStartPredicate = (resolution, start) => {
  if (!Number.isFinite(start)) return false;
  if (!isIntraday(resolution)) {
    const weekday = new Date(start).getUTCDay();
    return start % DAY_MS === 0 && weekday >= 1 && weekday <= 5;
  }
  if (start % 60_000 !== 0) return false;
  const { isoWeekday, minuteOfDay } = newYorkWallClock(start);
  if (isoWeekday > 5) return false;
  const sinceOpen = minuteOfDay - OPEN_MINUTE;
  return (
    sinceOpen >= 0 &&
    minuteOfDay < CLOSE_MINUTE &&
    (sinceOpen * 60_000) % intradayMs(resolution) === 0
  );
};

/** For tests where the session is not under test. */
export const anyCandleStart: CandleStartPredicate = () => true;
