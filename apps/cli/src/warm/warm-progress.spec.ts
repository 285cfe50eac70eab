import type { WarmPlan } from './warm-plan';
import { LineProgress, warmSummary, type WarmRow } from './warm-progress';

describe(LineProgress.name, () => {
  const window = (firstDate: string, lastDate: string) => ({
    firstDate,
    lastDate,
    range: { from: 0, to: 1 },
  });
  const aapl = {
    ticker: 'AAPL',
    resolution: '5' as const,
    label: 'AAPL 5',
    windows: [window('2025-11-13', '2025-12-13'), window('2025-10-13', '2025-11-12')],
  };
  const msft = {
    ...aapl,
    ticker: 'MSFT',
    label: 'MSFT D',
    windows: [window('2025-10-13', '2025-12-13')],
  };
  const plan: WarmPlan = { firstDate: '2025-10-13', lastDate: '2025-12-13', series: [aapl, msft] };

  it('writes one whole line per event, with the run’s progress in front', () => {
    let output = '';
    const sut = new LineProgress((text) => (output += text));
    sut.start(plan);
    sut.seriesStart(aapl);
    sut.windowDone(aapl, aapl.windows[0], 1_602);
    sut.waiting(aapl, {
      provider: 'tiingo',
      until: Date.parse('2025-12-13T15:00:42Z'),
      ms: 41_500,
      reason: 'Upstream provider tiingo is rate limited',
    });
    sut.windowDone(aapl, aapl.windows[1], 1_794);
    sut.seriesEnd(aapl, {
      label: 'AAPL 5',
      candlesWritten: 3_396,
      upstreamCalls: 2,
      ms: 1_234,
      status: 'done',
    });
    sut.stop();

    expect(output).toBe(
      [
        'Warming 2 series from 2025-10-13 to 2025-12-13 (3 windows)',
        '[1/3] AAPL 5 2025-11-13..2025-12-13: 1,602 candles',
        '[1/3] AAPL 5: Upstream provider tiingo is rate limited; waiting 42 s, until ' +
          '2025-12-13T15:00:42Z, then continuing',
        '[2/3] AAPL 5 2025-10-13..2025-11-12: 1,794 candles',
        '[2/3] AAPL 5 done: 3,396 candles written, 2 upstream calls, 1.2 s',
        '',
      ].join('\n'),
    );
  });
});

describe(warmSummary.name, () => {
  it('lists every series with its candles, calls, time and outcome, then the totals', () => {
    const rows: WarmRow[] = [
      { label: 'AAPL 5', candlesWritten: 3_396, upstreamCalls: 2, ms: 1_234, status: 'done' },
      {
        label: 'ZZZZ D',
        candlesWritten: 0,
        upstreamCalls: 1,
        ms: 100,
        status: 'failed',
        detail: 'Unknown ticker ZZZZ at tiingo',
      },
      { label: 'MSFT D', candlesWritten: 0, upstreamCalls: 0, ms: 0, status: 'stopped' },
    ];
    expect(warmSummary(rows)).toBe(
      [
        'series  candles written  upstream calls   time  status',
        '------  ---------------  --------------  -----  -------------------------------------',
        'AAPL 5            3,396               2  1.2 s  done',
        'ZZZZ D                0               1  0.1 s  failed: Unknown ticker ZZZZ at tiingo',
        'MSFT D                0               0  0.0 s  stopped',
        'total             3,396               3  1.3 s  1/3 done',
        '',
      ].join('\n'),
    );
  });
});
