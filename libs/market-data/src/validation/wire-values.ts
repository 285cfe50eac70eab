/** Reading untrusted upstream JSON without trusting its types. */
import {
  type Candle,
  isIntraday,
  parseIsoInstant,
  ProviderUnavailableError,
  type Resolution,
} from '@app/ohlc-core';
import { newYorkDateStartUtc } from '@app/market-hours';

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a JSON number, else NaN (so the candle invariants reject it). */
export function numberOrNaN(value: unknown): number {
  return typeof value === 'number' ? value : NaN;
}

/** `undefined` for an absent or null field (allowed for optional ones), else as `numberOrNaN`. */
export function optionalNumber(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : numberOrNaN(value);
}

/** The candle without keys whose value is undefined (stores such as DynamoDB reject them). */
export function compactCandle(fields: Candle): Candle {
  const { volume, splitFactor, divCash, ...prices } = fields;
  return {
    ...prices,
    ...(volume !== undefined && { volume }),
    ...(splitFactor !== undefined && { splitFactor }),
    ...(divCash !== undefined && { divCash }),
  };
}

/** The error for a 2xx body that is valid JSON but not the shape the feed documents. */
export function unexpectedShape(provider: string, what: string): ProviderUnavailableError {
  return new ProviderUnavailableError(provider, `${what} answered JSON of an unexpected shape`);
}

/**
 * The rows of a body that must be a JSON array, each as a record: a row of
 * another kind reads as `{}`, so that its values are missing and validation
 * drops and counts it.
 */
export function wireRecords(
  body: unknown,
  provider: string,
  what: string,
): Readonly<Record<string, unknown>>[] {
  if (!Array.isArray(body)) throw unexpectedShape(provider, what);
  return body.map((row: unknown) => (isRecord(row) ? row : {}));
}

/** The instant of a strict UTC ISO string (`parseIsoInstant`), NaN for anything else. */
export function isoInstantOrNaN(value: unknown): number {
  return typeof value === 'string' ? parseIsoInstant(value) : NaN;
}

/** Where a feed's bar rows keep each candle field. */
export interface BarFields {
  readonly start: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

/** `t`/`o`/`h`/`l`/`c`/`v`, as Polygon's and Alpaca's bars spell them (`vw`, `n` have no candle field). */
export const ONE_LETTER_BAR_FIELDS: BarFields = {
  start: 't',
  open: 'o',
  high: 'h',
  low: 'l',
  close: 'c',
  volume: 'v',
};

/**
 * The candle one wire row describes; `start` reads the row's timestamp value.
 * Missing or mistyped values become NaN, so that validation drops and counts
 * the row.
 */
export function candleFromBar(
  row: unknown,
  fields: BarFields,
  start: (value: unknown) => number,
): Candle {
  const r = isRecord(row) ? row : {};
  return compactCandle({
    start: start(r[fields.start]),
    open: numberOrNaN(r[fields.open]),
    high: numberOrNaN(r[fields.high]),
    low: numberOrNaN(r[fields.low]),
    close: numberOrNaN(r[fields.close]),
    volume: optionalNumber(r[fields.volume]),
  });
}

/**
 * A bar's start as the port keys it: intraday bars as stamped; a daily bar,
 * stamped at the New York midnight that opens its date (Polygon, Alpaca), at
 * 00:00Z of that date.
 */
export function barStart(resolution: Resolution, stamped: number): number {
  if (isIntraday(resolution) || !Number.isFinite(stamped)) return stamped;
  return newYorkDateStartUtc(stamped);
}

/** One page of a paged answer: its rows and the link or token to the next page, if any. */
export interface WirePage {
  readonly rows: readonly unknown[];
  readonly next?: string;
}

/**
 * The page `body` holds: the array under `rowsKey` (absent or null: no rows)
 * and the string under `nextKey` (absent, null or empty: the last page).
 */
export function wirePage(body: unknown, keys: PageKeys, provider: string, what: string): WirePage {
  if (!isRecord(body)) throw unexpectedShape(provider, what);
  const rows = body[keys.rows] ?? [];
  const next = body[keys.next];
  if (!Array.isArray(rows)) throw unexpectedShape(provider, what);
  return { rows, ...(typeof next === 'string' && next !== '' && { next }) };
}

/** Where a feed's paged bars answer keeps its rows and its next page. */
export interface PageKeys {
  readonly rows: string;
  readonly next: string;
}

/** The candles of one page of bars with one-letter fields, and the next page's link or token. */
export function barsPage(
  body: unknown,
  keys: PageKeys,
  start: (value: unknown) => number,
  provider: string,
  what: string,
): { readonly candles: Candle[]; readonly next?: string } {
  const { rows, next } = wirePage(body, keys, provider, what);
  return {
    candles: rows.map((row) => candleFromBar(row, ONE_LETTER_BAR_FIELDS, start)),
    ...(next !== undefined && { next }),
  };
}
