import { mergeIntervals, type Interval, type Resolution } from '@app/ohlc-core';
import type { MarketHoursService } from '@app/market-hours';
import { DEFAULT_FETCH_COST, rowCost, type FetchCostModel } from '@app/market-data';

/** One upstream call, and the gaps it completes once its rows are stored. */
export interface PlannedCall {
  /** What is asked of the provider: from the first session it needs to the end of the last. */
  readonly span: Interval;
  /** Gaps this call fills, whole (non-session time at their edges included). */
  readonly gaps: readonly Interval[];
  /** Candle slots in `span` the cache already holds: the price of merging (rows fetched again). */
  readonly heldSlots: number;
}

export interface FetchPlan {
  readonly calls: readonly PlannedCall[];
  /** Gaps without a session: complete by the calendar alone, no call needed. */
  readonly sessionless: readonly Interval[];
}

/**
 * Exactly what is missing: each gap trimmed to the time candles can start
 * in, then neighbouring calls merged only where the held rows fetched again
 * in between cost less than the call saved (`FetchCostModel`). Gaps that only
 * a night, weekend or holiday separates always merge: nothing lies between.
 */
export function planFetches(
  gaps: readonly Interval[],
  resolution: Resolution,
  hours: MarketHoursService,
  cost: FetchCostModel = DEFAULT_FETCH_COST,
): FetchPlan {
  const sessionless: Interval[] = [];
  const calls: { span: Interval; gaps: Interval[]; heldSlots: number }[] = [];
  for (const gap of mergeIntervals(gaps)) {
    const spans = hours.tradingSpans(resolution, gap);
    if (spans.length === 0) {
      sessionless.push(gap);
      continue;
    }
    const span = { from: spans[0].from, to: spans[spans.length - 1].to };
    const last = calls[calls.length - 1];
    const held = last ? hours.candleSlots(resolution, { from: last.span.to, to: span.from }) : 0;
    if (last && held * rowCost(cost, resolution) < cost.perCall) {
      last.span = { from: last.span.from, to: span.to };
      last.gaps.push(gap);
      last.heldSlots += held;
    } else {
      calls.push({ span, gaps: [gap], heldSlots: 0 });
    }
  }
  return { calls, sessionless };
}
