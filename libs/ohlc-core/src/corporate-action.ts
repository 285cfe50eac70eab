import type { Candle } from './candle';

/**
 * A split or cash dividend as an upstream reports it: on daily rows (Tiingo's
 * `splitFactor`, `divCash`), or from a corporate-actions feed (Tiingo's
 * splits and distributions, Finnhub's splits and dividends), which also lists
 * actions announced ahead of their ex-date.
 */
export interface CorporateAction {
  /** 00:00Z of the ex-date: the first session that trades without it (the daily candle key). */
  readonly date: number;
  /** New shares per old share (4 for a 4-for-1 split, 0.1 for a 1-for-10); absent or 1: no split. */
  readonly splitFactor?: number;
  /** Cash per share going ex on `date`, in the quote currency; absent or 0: no dividend. */
  readonly divCash?: number;
}

/** The corporate actions carried by daily candles (rows without a split or dividend are left out), oldest first. */
export function corporateActionsOf(
  daily: readonly {
    readonly start: number;
    readonly splitFactor?: number;
    readonly divCash?: number;
  }[],
): CorporateAction[] {
  return daily
    .filter((c) => (c.splitFactor ?? 1) !== 1 || (c.divCash ?? 0) !== 0)
    .map(({ start, splitFactor, divCash }) => ({
      date: start,
      ...(splitFactor !== undefined && splitFactor !== 1 && { splitFactor }),
      ...(divCash !== undefined && divCash !== 0 && { divCash }),
    }))
    .sort((a, b) => a.date - b.date);
}

/**
 * One action per ex-date, oldest first: the lists' actions of each date
 * combined, a later list's fields winning over an earlier one's (a split and
 * a dividend on the same date become one action).
 */
export function combineCorporateActions(
  ...lists: readonly (readonly CorporateAction[])[]
): CorporateAction[] {
  const byDate = new Map<number, CorporateAction>();
  for (const list of lists) {
    for (const action of list) {
      byDate.set(action.date, { ...byDate.get(action.date), ...action });
    }
  }
  return [...byDate.values()].sort((a, b) => a.date - b.date);
}

/**
 * `candles` as traded, from copies an upstream had already adjusted for the
 * splits it knew when each was fetched: every split with an ex-date after the
 * candle's session, up to and including the New York date of its fetch
 * (`fetchDateOf`, 00:00Z), is undone (prices × factor, volume ÷ factor).
 */
export function unadjustSplits<T extends Candle>(
  candles: readonly T[],
  splits: readonly CorporateAction[],
  sessionDateOf: (start: number) => number,
  fetchDateOf: (candle: T) => number,
): T[] {
  const factors = splits.filter((a) => (a.splitFactor ?? 1) !== 1);
  return candles.map((c) => {
    const session = sessionDateOf(c.start);
    const fetched = fetchDateOf(c);
    let k = 1;
    for (const a of factors) if (a.date > session && a.date <= fetched) k *= a.splitFactor!;
    if (k === 1) return c;
    return {
      ...c,
      open: c.open * k,
      high: c.high * k,
      low: c.low * k,
      close: c.close * k,
      ...(c.volume !== undefined && { volume: Math.round(c.volume / k) }),
    };
  });
}
