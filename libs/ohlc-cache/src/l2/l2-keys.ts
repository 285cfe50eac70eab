import {
  isIntraday,
  parseIsoInstant,
  toIsoSeconds,
  type Interval,
  type Resolution,
  type SeriesKey,
} from '@app/ohlc-core';
import { utcBuckets } from '../utc-buckets';

/**
 * Key design of docs/architecture.md#storage-model-l2. Candle sort keys start with the resolution;
 * coverage sort keys start with `COV#`, so no candle `BETWEEN` ever returns one.
 */
export const COVERAGE_PREFIX = 'COV#';
/** Fetch leases (see `DynamoDbFetchLease`) sort apart from candles and coverage alike. */
export const LEASE_PREFIX = 'LEASE#';

export function partitionKey(series: Pick<SeriesKey, 'ticker' | 'source'>): string {
  return `${series.ticker}#${series.source}`;
}

export const GENERATION_SORT_KEY = 'GEN';

/**
 * A ticker's invalidation generation (docs/architecture.md#invalidation): its
 * partition is the bare ticker, which no candle partition (`{TICKER}#{source}`)
 * can equal, so deleting a ticker's series never touches it.
 */
export function generationKey(ticker: string): { PK: string; SK: string } {
  return { PK: ticker, SK: GENERATION_SORT_KEY };
}

/**
 * A ticker's corporate actions from one provider: one item in its partition,
 * apart from every resolution's candles, coverage and leases.
 */
export function corporateActionsKey(series: Pick<SeriesKey, 'ticker' | 'source'>): {
  PK: string;
  SK: string;
} {
  return { PK: partitionKey(series), SK: 'ACTIONS' };
}

/** Sort-key prefixes of one resolution's items: its candles, then its coverage. */
export function resolutionSortKeyPrefixes(resolution: Resolution): [string, string] {
  return [`${resolution}#`, `${COVERAGE_PREFIX}${resolution}#`];
}

export function candleSortKey(resolution: Resolution, start: number): string {
  return `${resolution}#${toIsoSeconds(start)}`;
}

export function parseCandleSortKey(sk: string): { resolution: string; start: number } {
  const hash = sk.indexOf('#');
  const start = parseIsoInstant(sk.slice(hash + 1));
  if (hash <= 0 || Number.isNaN(start)) throw new Error(`Malformed candle sort key: ${sk}`);
  return { resolution: sk.slice(0, hash), start };
}

/**
 * Inclusive sort-key bounds for the half-open `range`: keys have second
 * precision, so the last instant that can start a candle in range is the
 * last whole second before `to`.
 */
export function candleSortKeyBounds(resolution: Resolution, range: Interval): [string, string] {
  const lastSecond = Math.floor((range.to - 1) / 1000) * 1000;
  return [candleSortKey(resolution, range.from), candleSortKey(resolution, lastSecond)];
}

/**
 * Coverage is stored per bucket (a UTC month of intraday candles, a UTC year
 * of daily ones) so one read fetches a handful of items whatever the range.
 */
export function coverageBuckets(resolution: Resolution, range: Interval): Interval[] {
  return utcBuckets(range, isIntraday(resolution) ? 'month' : 'year');
}

export function coverageSortKey(resolution: Resolution, bucketFrom: number): string {
  return `${COVERAGE_PREFIX}${resolution}#${toIsoSeconds(bucketFrom)}`;
}

/** A covered span inside one bucket, as stored in the bucket's string set. */
export function encodeSegment(i: Interval): string {
  return `${toIsoSeconds(i.from)}/${toIsoSeconds(i.to)}`;
}

export function decodeSegment(s: string): Interval | undefined {
  const [from, to] = s.split('/').map(parseIsoInstant);
  return Number.isNaN(from) || Number.isNaN(to) || to <= from ? undefined : { from, to };
}

/** The fetch lease of one coverage bucket: instances fetching the same bucket take turns. */
export function leaseSortKey(resolution: Resolution, bucketFrom: number): string {
  return `${LEASE_PREFIX}${resolution}#${toIsoSeconds(bucketFrom)}`;
}
