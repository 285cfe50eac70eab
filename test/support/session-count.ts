import { toIsoDate, type Resolution } from '@app/ohlc-core';
import type { MarketHoursService } from '@app/market-hours';
import type { CountingProvider } from './counting-provider';

/** The New York trading dates an upstream call of `resolution` asked for, one per session. */
export function sessionsAsked(
  hours: MarketHoursService,
  call: CountingProvider['calls'][number],
): string[] {
  return hours
    .tradingSpans(call.resolution, call.range)
    .map((s) => (call.resolution === 'D' ? toIsoDate(s.from) : hours.nyDate(s.from)));
}

/** `[resolution, first date, last date]` of every call, for exact expectations. */
export function callDates(
  hours: MarketHoursService,
  calls: CountingProvider['calls'],
): [Resolution, string, string][] {
  return calls.map((call) => {
    const dates = sessionsAsked(hours, call);
    return [call.resolution, dates[0], dates[dates.length - 1]];
  });
}

/** Dates that occur more than once. */
export function duplicates(dates: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(dates.filter((d) => seen.has(d) || !seen.add(d)))];
}
