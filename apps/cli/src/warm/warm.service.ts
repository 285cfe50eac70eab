import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { RateLimitedError } from '@app/ohlc-core';
import { ClockPort, InjectClock } from '@app/market-hours';
import { OhlcCacheCounters, OhlcService, type OhlcResult } from '@app/ohlc-cache';
import { InjectSleeper, type Sleeper } from './sleeper.port';
import type { PlannedSeries, WarmPlan, WarmWindow } from './warm-plan';
import type { WarmProgress, WarmRow } from './warm-progress';

/** Shortest wait on a rate limit, ms: a limiter saying "now" again must not make the warm spin. */
const MIN_WAIT_MS = 250;

/**
 * Loads a plan's windows through `OhlcService`, the API's own read path, so
 * only what the cache lacks is fetched (exact gaps), and what was fetched is
 * in L2 at once: a warm stopped at any point and started again continues
 * where it was, because coverage is the only state it has.
 */
@Injectable()
export class WarmService {
  constructor(
    private readonly ohlc: OhlcService,
    private readonly counters: OhlcCacheCounters,
    @InjectClock() private readonly clock: ClockPort,
    @InjectSleeper() private readonly sleeper: Sleeper,
  ) {}

  /** Series after series; once `signal` aborts, the window in flight finishes and the rest is `stopped`. */
  async run(plan: WarmPlan, progress: WarmProgress, signal: AbortSignal): Promise<WarmRow[]> {
    progress.start(plan);
    const rows: WarmRow[] = [];
    try {
      for (const series of plan.series) {
        if (signal.aborted) {
          rows.push(notStarted(series));
          continue;
        }
        const row = await this.warmSeries(series, progress, signal);
        progress.seriesEnd(series, row);
        rows.push(row);
      }
    } finally {
      progress.stop();
    }
    return rows;
  }

  private async warmSeries(
    series: PlannedSeries,
    progress: WarmProgress,
    signal: AbortSignal,
  ): Promise<WarmRow> {
    progress.seriesStart(series);
    const before = this.upstreamTotals();
    const began = performance.now();
    const row = (status: WarmRow['status'], detail?: string): WarmRow => {
      const after = this.upstreamTotals();
      return {
        label: series.label,
        candlesWritten: after.rows - before.rows,
        upstreamCalls: after.calls - before.calls,
        ms: performance.now() - began,
        status,
        detail,
      };
    };
    let fallback = false;
    try {
      for (const window of series.windows) {
        if (signal.aborted) return row('stopped');
        const result = await this.load(series, window, progress, signal);
        fallback ||= result.resolutionFallback !== undefined;
        progress.windowDone(series, window, result.candles.length);
      }
    } catch (error) {
      if (signal.aborted) return row('stopped');
      return row('failed', error instanceof Error ? error.message : String(error));
    }
    return row('done', fallback ? 'no intraday data: daily candles warmed instead' : undefined);
  }

  /** One window; a rate limit is waited out and the window asked again, any other failure thrown. */
  private async load(
    series: PlannedSeries,
    window: WarmWindow,
    progress: WarmProgress,
    signal: AbortSignal,
  ): Promise<OhlcResult> {
    for (;;) {
      let limit: RateLimitedError;
      try {
        const result = await this.ohlc.getCandles({
          ticker: series.ticker,
          resolution: series.resolution,
          range: window.range,
        });
        if (!result.partial) return result;
        // Part was cached, upstream refused the rest: the cache still lacks it.
        if (!(result.upstreamError instanceof RateLimitedError)) throw result.upstreamError;
        limit = result.upstreamError;
      } catch (error) {
        if (!(error instanceof RateLimitedError)) throw error;
        limit = error;
      }
      const now = this.clock.now();
      const ms = Math.max(MIN_WAIT_MS, limit.retryAt - now);
      progress.waiting(series, {
        provider: limit.provider,
        until: now + ms,
        ms,
        reason: `${limit.message} (its request budget or a 429)`,
      });
      await this.sleeper.sleep(ms, signal);
    }
  }

  private upstreamTotals(): { calls: number; rows: number } {
    let calls = 0;
    let rows = 0;
    for (const counts of this.counters.providers().values()) {
      calls += counts.calls;
      rows += counts.rows;
    }
    return { calls, rows };
  }
}

function notStarted(series: PlannedSeries): WarmRow {
  return { label: series.label, candlesWritten: 0, upstreamCalls: 0, ms: 0, status: 'stopped' };
}
