import { DAY_MS } from '@app/ohlc-core';

const NEW_YORK_DATE = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** 00:00Z of the New York calendar date containing `instant` (epoch ms). */
export function newYorkDateStart(instant: number): number {
  const parts = Object.fromEntries(
    NEW_YORK_DATE.formatToParts(instant).map((p) => [p.type, p.value] as const),
  );
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
}

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
  return newYorkDateStart(timestamp);
}
