import { isIntraday, type Interval, type Resolution } from '@app/ohlc-core';
import { utcBuckets } from '../utc-buckets';

/**
 * L1 keeps one entry per UTC day of intraday candles (at most 390 one-minute
 * candles) and per UTC year of daily candles, so a panning chart touches a
 * few entries and the LRU bound counts comparable units.
 */
export function l1Buckets(resolution: Resolution, range: Interval): Interval[] {
  return utcBuckets(range, isIntraday(resolution) ? 'day' : 'year');
}
