import { DAY_MS, isIntraday, type Interval, type Resolution } from '@app/ohlc-core';

/**
 * L1 keeps one entry per UTC day of intraday candles (at most 390 one-minute
 * candles) and per UTC year of daily candles, so a panning chart touches a
 * few entries and the LRU bound counts comparable units.
 */
export function l1Buckets(resolution: Resolution, range: Interval): Interval[] {
  const buckets: Interval[] = [];
  for (let from = bucketStart(resolution, range.from); from < range.to;) {
    const to = isIntraday(resolution)
      ? from + DAY_MS
      : Date.UTC(new Date(from).getUTCFullYear() + 1, 0, 1);
    buckets.push({ from, to });
    from = to;
  }
  return buckets;
}

function bucketStart(resolution: Resolution, instant: number): number {
  return isIntraday(resolution)
    ? Math.floor(instant / DAY_MS) * DAY_MS
    : Date.UTC(new Date(instant).getUTCFullYear(), 0, 1);
}
