import { LocalDate } from '@js-joda/core';
import { DAY_MS } from '@app/ohlc-core';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Strict `YYYY-MM-DD` parse. Throws RangeError rather than js-joda's parse
 * exception so callers see one error type for every bad calendar argument.
 */
export function parseIsoDate(value: string): LocalDate {
  if (!ISO_DATE.test(value)) {
    throw new RangeError(`Expected a YYYY-MM-DD date, got "${value}"`);
  }
  try {
    return LocalDate.parse(value);
  } catch {
    throw new RangeError(`Not a calendar date: "${value}"`);
  }
}

/** 00:00Z of the date: the key daily candles are stored and served under. */
export function utcMidnight(date: LocalDate): number {
  return date.toEpochDay() * DAY_MS;
}
