/** A half-open span of time `[from, to)` in epoch milliseconds. */
export interface Interval {
  readonly from: number;
  readonly to: number;
}

export function isEmpty(i: Interval): boolean {
  return i.to <= i.from;
}

/** Sorted, non-overlapping, non-touching intervals covering the same instants. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => !isEmpty(i)).sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from <= last.to) {
      out[out.length - 1] = { from: last.from, to: Math.max(last.to, i.to) };
    } else {
      out.push({ from: i.from, to: i.to });
    }
  }
  return out;
}

/** The parts of `range` that no interval in `covered` contains. */
export function subtractIntervals(range: Interval, covered: readonly Interval[]): Interval[] {
  const gaps: Interval[] = [];
  let cursor = range.from;
  for (const c of mergeIntervals(covered)) {
    if (c.to <= cursor) continue;
    if (c.from >= range.to) break;
    if (c.from > cursor) gaps.push({ from: cursor, to: c.from });
    cursor = Math.max(cursor, c.to);
  }
  if (cursor < range.to) gaps.push({ from: cursor, to: range.to });
  return gaps;
}

/** Each interval cut to `range`; empty pieces dropped. */
export function clipIntervals(intervals: readonly Interval[], range: Interval): Interval[] {
  return intervals
    .map((i) => ({ from: Math.max(i.from, range.from), to: Math.min(i.to, range.to) }))
    .filter((i) => !isEmpty(i));
}

export function contains(i: Interval, instant: number): boolean {
  return instant >= i.from && instant < i.to;
}
