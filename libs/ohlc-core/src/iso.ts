const DAY_SECONDS = 86_400;
/** `00`…`99`: two-digit fields without padding calls. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : String(n)));
/** Years the arithmetic below formats; others go through `Date` (which widens them). */
const FIRST_DAY = -719_468; // 0000-03-01
const LAST_DAY = 2_932_896; // 9999-12-31

/**
 * `YYYY-MM-DD` of a day count since 1970-01-01, by arithmetic (H. Hinnant's
 * civil-from-days): serialising a month of candles builds no `Date` per candle.
 */
function civilDate(days: number): string {
  if (days < FIRST_DAY || days > LAST_DAY) {
    return new Date(days * DAY_SECONDS * 1000).toISOString().slice(0, 10);
  }
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

/** `YYYY-MM-DDTHH:MM:SSZ`: the wire and sort-key form of an instant (second precision). */
export function toIsoSeconds(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const days = Math.floor(seconds / DAY_SECONDS);
  const s = seconds - days * DAY_SECONDS;
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s - hh * 3600) / 60);
  return `${civilDate(days)}T${TWO_DIGITS[hh]}:${TWO_DIGITS[mm]}:${TWO_DIGITS[s % 60]}Z`;
}

/** `YYYY-MM-DD` of the instant in UTC (a daily candle's date). */
export function toIsoDate(ms: number): string {
  return civilDate(Math.floor(ms / (DAY_SECONDS * 1000)));
}

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Parses a UTC ISO instant strictly (a `Z` suffix is required); NaN when malformed. */
export function parseIsoInstant(value: string): number {
  return ISO_SECONDS.test(value) ? Date.parse(value) : NaN;
}
