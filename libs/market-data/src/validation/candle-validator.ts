import { type Candle, candleViolation, type Resolution } from '@app/ohlc-core';
import type { CandleStartPredicate } from './candle-start-predicate';
import { isOnCandleGrid } from './candle-grid';

export const NOT_ON_GRID = 'start is not aligned to the resolution';
export const OUTSIDE_SESSION = 'start is outside a trading session';
export const BAD_CORPORATE_ACTION = 'split factor or dividend is not a valid number';
export const DUPLICATE_START = 'start repeats an earlier row of the same answer';

export interface ValidationResult {
  /** The sound rows, in input order. */
  readonly candles: Candle[];
  /** How many rows were dropped, by reason. */
  readonly dropped: ReadonlyMap<string, number>;
}

/** Applies every invariant a served candle must satisfy to rows read from upstream. */
export class CandleValidator {
  constructor(private readonly isCandleStart: CandleStartPredicate) {}

  /** Why `candle` must not be served at `resolution`, or undefined when it is sound. */
  violation(resolution: Resolution, candle: Candle): string | undefined {
    const invalid = candleViolation(candle);
    if (invalid !== undefined) return invalid;
    if (!hasSoundCorporateActions(candle)) return BAD_CORPORATE_ACTION;
    if (!isOnCandleGrid(resolution, candle.start)) return NOT_ON_GRID;
    if (!this.isCandleStart(resolution, candle.start)) return OUTSIDE_SESSION;
    return undefined;
  }

  /**
   * The sound rows of one upstream answer. Of several sound rows with one
   * start, the first the answer holds is kept and the others are dropped as
   * `DUPLICATE_START`: the feeds send rows oldest first, so a repeat is a row
   * sent again, and keeping the first makes the choice independent of how
   * many repeats follow. An unsound row never hides a sound one.
   */
  validate(resolution: Resolution, rows: readonly Candle[]): ValidationResult {
    const candles: Candle[] = [];
    const starts = new Set<number>();
    const dropped = new Map<string, number>();
    for (const row of rows) {
      const reason =
        this.violation(resolution, row) ?? (starts.has(row.start) ? DUPLICATE_START : undefined);
      if (reason === undefined) {
        candles.push(row);
        starts.add(row.start);
      } else dropped.set(reason, (dropped.get(reason) ?? 0) + 1);
    }
    return { candles, dropped };
  }
}

function hasSoundCorporateActions({ splitFactor, divCash }: Candle): boolean {
  const splitOk = splitFactor === undefined || (Number.isFinite(splitFactor) && splitFactor > 0);
  const dividendOk = divCash === undefined || (Number.isFinite(divCash) && divCash >= 0);
  return splitOk && dividendOk;
}
