/**
 * One OHLC candle. `start` is the interval start in epoch milliseconds (UTC);
 * a daily candle starts at 00:00Z of its trading date, as the upstream feeds
 * and the L2 sort key write it.
 */
export interface Candle {
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume?: number;
  /** Daily rows only: split ratio applied on this date (1 when none). */
  readonly splitFactor?: number;
  /** Daily rows only: cash dividend paid on this date (0 when none). */
  readonly divCash?: number;
}

/** A candle as a cache layer holds it: with the instant it was fetched from upstream. */
export interface StoredCandle extends Candle {
  /** Epoch ms when the candle was fetched from upstream. */
  readonly fetchedAt: number;
  /** Epoch ms after which the copy is stale (only on candles cached while forming). */
  readonly expiresAt?: number;
}

/** Why a candle breaks the invariants every served candle must satisfy, or undefined when it is sound. */
export function candleViolation(c: Candle): string | undefined {
  const prices = [c.open, c.high, c.low, c.close];
  if (!Number.isFinite(c.start)) return 'timestamp is not a valid instant';
  if (!prices.every(Number.isFinite)) return 'a price is not a finite number';
  if (!prices.every((p) => p > 0)) return 'a price is not positive';
  if (c.low > Math.min(c.open, c.close)) return 'low is above open or close';
  if (c.high < Math.max(c.open, c.close)) return 'high is below open or close';
  if (c.volume !== undefined && !(Number.isFinite(c.volume) && c.volume >= 0)) {
    return 'volume is negative or not a number';
  }
  return undefined;
}

/** Oldest first, one candle per start (a later entry wins over an earlier one). */
export function mergeCandles<T extends Candle>(...lists: readonly (readonly T[])[]): T[] {
  const byStart = new Map<number, T>();
  for (const list of lists) for (const c of list) byStart.set(c.start, c);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}
