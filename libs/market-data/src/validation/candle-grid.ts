import { DAY_MS, intradayMs, isIntraday, type Resolution } from '@app/ohlc-core';

const HALF_HOUR_MS = 30 * 60_000;

/**
 * The step every candle start of `resolution` is a multiple of (epoch ms).
 * Hourly candles get the half hour: the session opens at :30 and whether
 * hourly bars are anchored to the open or to the clock hour is the session
 * predicate's call, not this coarse check's.
 */
export function candleGridMs(resolution: Resolution): number {
  if (!isIntraday(resolution)) return DAY_MS;
  return Math.min(intradayMs(resolution), HALF_HOUR_MS);
}

export function isOnCandleGrid(resolution: Resolution, start: number): boolean {
  return start % candleGridMs(resolution) === 0;
}
