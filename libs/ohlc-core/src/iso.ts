/** `YYYY-MM-DDTHH:MM:SSZ`: the wire and sort-key form of an instant (second precision). */
export function toIsoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** `YYYY-MM-DD` of the instant in UTC (a daily candle's date). */
export function toIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Parses a UTC ISO instant strictly (a `Z` suffix is required); NaN when malformed. */
export function parseIsoInstant(value: string): number {
  return ISO_SECONDS.test(value) ? Date.parse(value) : NaN;
}
