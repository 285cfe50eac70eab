import { DAY_MS } from '@app/ohlc-core';
import { newYorkDateStartUtc } from '@app/market-hours';

/**
 * The domain start (00:00Z of the trading date) of a Finnhub daily bar
 * stamped `timestamp` (epoch ms). Finnhub has stamped daily bars both at the
 * New York open and, since 2021, at 00:00Z of the date itself
 * (finnhubio/Finnhub-API#449); 00:00Z is the previous evening in New York, so
 * it is taken as the date it names rather than converted.
 */
export function dailyCandleStart(timestamp: number): number {
  if (!Number.isFinite(timestamp)) return NaN;
  if (timestamp % DAY_MS === 0) return timestamp;
  return newYorkDateStartUtc(timestamp);
}
