import type { Interval } from '@app/ohlc-core';

export type UtcBucketUnit = 'day' | 'month' | 'year';

/** The UTC calendar days, months or years that `range` touches, in order, each `[from, to)`. */
export function utcBuckets(range: Interval, unit: UtcBucketUnit): Interval[] {
  const buckets: Interval[] = [];
  for (let from = startOf(range.from, unit, 0); from < range.to;) {
    const to = startOf(from, unit, 1);
    buckets.push({ from, to });
    from = to;
  }
  return buckets;
}

/** Start of the bucket `offset` units after the one containing `instant`. */
function startOf(instant: number, unit: UtcBucketUnit, offset: number): number {
  const d = new Date(instant);
  const y = d.getUTCFullYear();
  switch (unit) {
    case 'day':
      return Date.UTC(y, d.getUTCMonth(), d.getUTCDate() + offset);
    case 'month':
      return Date.UTC(y, d.getUTCMonth() + offset, 1);
    case 'year':
      return Date.UTC(y + offset, 0, 1);
  }
}
