import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { formatCount } from '../text-table';
import type { PlannedSeries, WarmPlan, WarmWindow } from './warm-plan';
import {
  describeRow,
  describeWait,
  type UpstreamWait,
  type WarmProgress,
  type WarmRow,
} from './warm-progress';

/** Progress bars on a terminal (`cli-progress`): one for the whole run, one per series. */
export class BarProgress implements WarmProgress {
  private readonly bars: MultiBar;
  private overall?: SingleBar;
  private readonly perSeries = new Map<PlannedSeries, SingleBar>();
  private labelWidth = 0;

  constructor(stream: NodeJS.WriteStream) {
    this.bars = new MultiBar(
      {
        stream,
        format: '{label} {bar} {value}/{total} windows  {status}',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: false,
        autopadding: true,
      },
      Presets.shades_classic,
    );
  }

  start(plan: WarmPlan): void {
    this.labelWidth = Math.max(3, ...plan.series.map((s) => s.label.length));
    const total = plan.series.reduce((n, s) => n + s.windows.length, 0);
    this.overall = this.bars.create(total, 0, {
      label: this.pad('all'),
      status: `${plan.series.length} series, ${plan.firstDate}..${plan.lastDate}`,
    });
  }

  seriesStart(series: PlannedSeries): void {
    this.perSeries.set(
      series,
      this.bars.create(series.windows.length, 0, { label: this.pad(series.label), status: '' }),
    );
  }

  windowDone(series: PlannedSeries, window: WarmWindow, candles: number): void {
    this.perSeries.get(series)?.increment({
      status: `${window.firstDate}..${window.lastDate}: ${formatCount(candles)} candles`,
    });
    this.overall?.increment();
  }

  waiting(series: PlannedSeries, wait: UpstreamWait): void {
    this.perSeries.get(series)?.update({ status: `waiting: ${wait.reason}` });
    this.bars.log(`${series.label}: ${describeWait(wait)}\n`);
  }

  seriesEnd(series: PlannedSeries, row: WarmRow): void {
    this.perSeries.get(series)?.update({ status: describeRow(row) });
  }

  stop(): void {
    this.bars.stop();
  }

  private pad(label: string): string {
    return label.padEnd(this.labelWidth);
  }
}
