/** The three HTTP-date forms (IMF-fixdate, RFC 850, asctime) start with a day name and hold hh:mm:ss. */
const HTTP_DATE = /^[A-Za-z]{3,9},? .*\d{2}:\d{2}:\d{2}/;

/** Used when a 429 carries no usable `Retry-After`: long enough not to hammer a plan's window. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * The instant (epoch ms) a `Retry-After` header allows the next request:
 * either delay-seconds or an HTTP date (RFC 9110 §10.2.3). Absent or
 * unparsable values fall back to `fallback` (default `now +
 * DEFAULT_RETRY_AFTER_MS`); a date in the past means "now".
 */
export function retryAtFrom(
  header: string | null,
  now: number,
  fallback = now + DEFAULT_RETRY_AFTER_MS,
): number {
  const value = header?.trim() ?? '';
  if (/^\d+$/.test(value)) return now + Number(value) * 1000;
  // Date.parse alone would take '1.5' or '-5' for dates.
  const date = HTTP_DATE.test(value) ? Date.parse(value) : NaN;
  if (Number.isFinite(date)) return Math.max(now, date);
  return fallback;
}
