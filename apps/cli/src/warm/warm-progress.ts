import { toIsoSeconds } from '@app/ohlc-core';
import { formatCount, formatDuration, formatTable } from '../text-table';
import type { PlannedSeries, WarmPlan, WarmWindow } from './warm-plan';

/** How one series of a warm ended. */
export interface WarmRow {
  readonly label: string;
  /** Candles upstream returned, all written to L2 and L1. */
  readonly candlesWritten: number;
  readonly upstreamCalls: number;
  readonly ms: number;
  /** `stopped`: the run was interrupted before the series finished (a rerun continues it). */
  readonly status: 'done' | 'failed' | 'stopped';
  /** Why it failed, or a note (a daily fallback). */
  readonly detail?: string;
}

/** The upstream said not now: what the warm waits for. */
export interface UpstreamWait {
  readonly provider: string;
  /** Epoch ms the warm continues at. */
  readonly until: number;
  readonly ms: number;
  readonly reason: string;
}

/** What a person watching a warm is told, as it happens. */
export interface WarmProgress {
  start(plan: WarmPlan): void;
  seriesStart(series: PlannedSeries): void;
  windowDone(series: PlannedSeries, window: WarmWindow, candles: number): void;
  waiting(series: PlannedSeries, wait: UpstreamWait): void;
  seriesEnd(series: PlannedSeries, row: WarmRow): void;
  /** The run is over: stop drawing before the summary is printed. */
  stop(): void;
}

/** The end of a series in words: `done: 1,560 candles written, 2 upstream calls, 0.4 s`. */
export function describeRow(row: WarmRow): string {
  const calls = `${formatCount(row.upstreamCalls)} upstream call${row.upstreamCalls === 1 ? '' : 's'}`;
  const work = `${formatCount(row.candlesWritten)} candles written, ${calls}, ${formatDuration(row.ms)}`;
  return `${row.status}: ${work}${row.detail ? ` (${row.detail})` : ''}`;
}

/** The wait in words: `demo is rate limited; waiting 42 s, until 2025-12-13T15:00:42Z`. */
export function describeWait(wait: UpstreamWait): string {
  return (
    `${wait.reason}; waiting ${Math.ceil(wait.ms / 1000)} s, until ${toIsoSeconds(wait.until)}, ` +
    'then continuing'
  );
}

/**
 * Progress as plain lines, one per event, for output that is not a terminal
 * (CI, pipes, log files): nothing is redrawn, every line stands alone.
 */
export class LineProgress implements WarmProgress {
  private windowsDone = 0;
  private windowsTotal = 0;

  constructor(private readonly write: (text: string) => void) {}

  start(plan: WarmPlan): void {
    this.windowsTotal = plan.series.reduce((n, s) => n + s.windows.length, 0);
    this.write(
      `Warming ${plan.series.length} series from ${plan.firstDate} to ${plan.lastDate} ` +
        `(${this.windowsTotal} windows)\n`,
    );
  }

  /** Lines name the series on each window; a start says nothing new. */
  seriesStart(_series: PlannedSeries): void {}

  windowDone(series: PlannedSeries, window: WarmWindow, candles: number): void {
    this.windowsDone++;
    this.write(
      `${this.overall()} ${series.label} ${window.firstDate}..${window.lastDate}: ` +
        `${formatCount(candles)} candles\n`,
    );
  }

  waiting(series: PlannedSeries, wait: UpstreamWait): void {
    this.write(`${this.overall()} ${series.label}: ${describeWait(wait)}\n`);
  }

  seriesEnd(series: PlannedSeries, row: WarmRow): void {
    this.write(`${this.overall()} ${series.label} ${describeRow(row)}\n`);
  }

  /** Nothing is drawn that would need clearing. */
  stop(): void {}

  private overall(): string {
    const width = String(this.windowsTotal).length;
    return `[${String(this.windowsDone).padStart(width)}/${this.windowsTotal}]`;
  }
}

/** The table printed when a warm ends: series, candles written, upstream calls, time, outcome. */
export function warmSummary(rows: readonly WarmRow[]): string {
  const total = rows.reduce(
    (t, r) => ({
      candles: t.candles + r.candlesWritten,
      calls: t.calls + r.upstreamCalls,
      ms: t.ms + r.ms,
    }),
    { candles: 0, calls: 0, ms: 0 },
  );
  const done = rows.filter((r) => r.status === 'done').length;
  return formatTable(
    ['series', 'candles written', 'upstream calls', 'time', 'status'],
    [
      ...rows.map((r) => [
        r.label,
        formatCount(r.candlesWritten),
        formatCount(r.upstreamCalls),
        formatDuration(r.ms),
        r.detail ? `${r.status}: ${r.detail}` : r.status,
      ]),
      [
        'total',
        formatCount(total.candles),
        formatCount(total.calls),
        formatDuration(total.ms),
        `${done}/${rows.length} done`,
      ],
    ],
    ['left', 'right', 'right', 'right'],
  );
}
