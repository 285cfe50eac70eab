import { NYSE_FIRST_YEAR, NYSE_LAST_YEAR } from '@app/market-hours';

/** `YYYY-MM-DD`, before any check that it is a real day. */
export const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/** The span of dates every entry point accepts: the years the exchange calendar knows. */
export const CALENDAR_DATE_SPAN = `between ${NYSE_FIRST_YEAR}-01-01 and ${NYSE_LAST_YEAR}-12-31`;

/**
 * `2024-02-30` matches the date pattern but is no day: it is refused rather
 * than rolled over. Years outside the exchange calendar are refused too, since
 * no session can be computed for them.
 */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms) || !new Date(ms).toISOString().startsWith(value)) return false;
  const year = new Date(ms).getUTCFullYear();
  return year >= NYSE_FIRST_YEAR && year <= NYSE_LAST_YEAR;
}
