import { Injectable } from '@nestjs/common';
import { clipIntervals, mergeIntervals, subtractIntervals, type Interval } from '@app/ohlc-core';
import type { CacheRead, VolatileCheck } from '../ohlc-cache.port';
import { Reverification, type ReverificationContext } from './reverification';

/**
 * Since when a check of a not-yet-final span counts (epoch ms, inclusive),
 * by the state of its candles now: closed but unsettled, or forming.
 */
export interface CheckAcceptance {
  readonly unsettled: number;
  readonly forming: number;
}

/** A read's standing: what is final, what forms, which checks count (see `SeriesWindow`). */
export interface FreshnessContext extends ReverificationContext {
  readonly formingFrom: number;
  readonly checksSince: CheckAcceptance;
}

/** What a layer's read lacks of a range, and which of that it held but must ask for again. */
export interface Missing {
  readonly gaps: Interval[];
  /** Final sessions the read held that are due for re-verification (part of `gaps`). */
  readonly due: Interval[];
  /** When the next session read falls due for re-verification (epoch ms; Infinity: none). */
  readonly nextCheckAt: number;
}

/**
 * What a read of one layer lacks of a range: time no coverage holds, less the
 * not-yet-final spans a check recent enough covers, plus the final sessions
 * due for re-verification.
 */
@Injectable()
export class MissingSpans {
  constructor(private readonly reverification: Reverification) {}

  of(ctx: FreshnessContext, range: Interval, read: CacheRead): Missing {
    const held = [...read.covered, ...checkedSpans(ctx, read.checks)];
    const { due, nextAt } = this.reverification.check(ctx, range, read.candles);
    const gaps = mergeIntervals([...subtractIntervals(range, held), ...due]);
    return { gaps, due, nextCheckAt: nextAt };
  }
}

/**
 * The parts of `[final, horizon)` the checks cover: a check counts for the
 * closed but unsettled candles when made since `checksSince.unsettled` and
 * after they closed, and for the forming candle when made since
 * `checksSince.forming` while that same candle was forming.
 */
export function checkedSpans(
  ctx: Pick<FreshnessContext, 'final' | 'formingFrom' | 'checksSince'>,
  checks: readonly VolatileCheck[] = [],
): Interval[] {
  const { final, formingFrom, checksSince } = ctx;
  return checks.flatMap((check) => [
    ...(check.at >= checksSince.unsettled
      ? clipIntervals([check.span], { from: final, to: Math.min(formingFrom, check.closedUntil) })
      : []),
    ...(check.at >= checksSince.forming && check.closedUntil === formingFrom
      ? clipIntervals([check.span], { from: formingFrom, to: Infinity })
      : []),
  ]);
}
