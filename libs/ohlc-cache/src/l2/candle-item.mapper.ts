import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { toIsoSeconds, type SeriesKey, type StoredCandle } from '@app/ohlc-core';
import { candleSortKey, parseCandleSortKey, partitionKey } from './l2-keys';

/** A candle as DynamoDB stores it (docs/architecture.md#storage-model-l2). Only this file knows the attribute names. */
export interface CandleItem {
  PK: string;
  SK: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume?: number;
  split_factor?: number;
  div_cash?: number;
  fetched_at: string;
  /** Epoch seconds; present only on candles cached while forming. */
  ttl?: number;
}

/**
 * A projected candle item as the low-level client returns it: attribute
 * values, numbers as decimal strings.
 */
export type CandleAttributes = Record<string, AttributeValue | undefined>;

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Attributes a range read needs; `fetched_at` feeds `X-Cache-Age`, `ttl` hides expired copies. */
export const CANDLE_PROJECTION = {
  expression: '#sk, #o, #h, #l, #c, #v, #sf, #dc, #f, #t',
  names: {
    '#sk': 'SK',
    '#o': 'open',
    '#h': 'high',
    '#l': 'low',
    '#c': 'close',
    '#v': 'volume',
    '#sf': 'split_factor',
    '#dc': 'div_cash',
    '#f': 'fetched_at',
    '#t': 'ttl',
  },
} as const;

export const CandleItemMapper = {
  toItem(series: SeriesKey, c: StoredCandle): CandleItem {
    return {
      PK: partitionKey(series),
      SK: candleSortKey(series.resolution, c.start),
      open: c.open,
      high: c.high,
      low: c.low,
      close: c.close,
      ...(c.volume !== undefined && { volume: c.volume }),
      ...(c.splitFactor !== undefined && { split_factor: c.splitFactor }),
      ...(c.divCash !== undefined && { div_cash: c.divCash }),
      fetched_at: toIsoSeconds(c.fetchedAt),
      ...(c.expiresAt !== undefined && { ttl: Math.ceil(c.expiresAt / 1000) }),
    };
  },

  /**
   * A projected item (no `PK`) as a domain candle, straight from the
   * low-level client's attribute values: a range read of thousands of candles
   * skips the document client's generic conversion and its objects.
   */
  toDomain(item: CandleAttributes): StoredCandle {
    const candle: Writable<StoredCandle> = {
      start: parseCandleSortKey(text(item.SK)).start,
      open: number(item.open),
      high: number(item.high),
      low: number(item.low),
      close: number(item.close),
      fetchedAt: Date.parse(text(item.fetched_at)),
    };
    if (item.volume?.N !== undefined) candle.volume = Number(item.volume.N);
    if (item.split_factor?.N !== undefined) candle.splitFactor = Number(item.split_factor.N);
    if (item.div_cash?.N !== undefined) candle.divCash = Number(item.div_cash.N);
    if (item.ttl?.N !== undefined) candle.expiresAt = Number(item.ttl.N) * 1000;
    return candle;
  },
};

function number(value: AttributeValue | undefined): number {
  if (value?.N === undefined) throw new Error('Malformed candle item: a price is not a number');
  return Number(value.N);
}

function text(value: AttributeValue | undefined): string {
  if (value?.S === undefined)
    throw new Error('Malformed candle item: a key or date is not a string');
  return value.S;
}
