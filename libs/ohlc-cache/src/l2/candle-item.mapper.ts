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

  /** The item as a domain candle; projected reads carry no `PK`. */
  toDomain(item: Omit<CandleItem, 'PK'>): StoredCandle {
    return {
      start: parseCandleSortKey(item.SK).start,
      open: item.open,
      high: item.high,
      low: item.low,
      close: item.close,
      ...(item.volume !== undefined && { volume: item.volume }),
      ...(item.split_factor !== undefined && { splitFactor: item.split_factor }),
      ...(item.div_cash !== undefined && { divCash: item.div_cash }),
      fetchedAt: Date.parse(item.fetched_at),
      ...(item.ttl !== undefined && { expiresAt: item.ttl * 1000 }),
    };
  },
};
