import type { Resolution } from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { OhlcCacheCounters } from '@app/ohlc-cache';
import { nyseHours } from './support/nyse';
import { callDates, duplicates, sessionsAsked } from './support/session-count';
import { createTestApp, type TestApp } from './support/test-app';

/** Saturday: every candle asked for below is closed. */
const CLOCK = '2025-12-13T15:00:00Z';

type Step = Record<string, string>;

/**
 * A dashboard user panning and zooming, against a provider that counts its
 * calls: every session never fetched is fetched once, and replaying the
 * script costs no call at all.
 */
describe('Scripted chart sessions (e2e)', () => {
  const clock = new FixedClock(CLOCK);
  const hours = nyseHours(clock);
  let sut: TestApp;

  beforeEach(async () => {
    sut = await createTestApp({ clock });
  });
  afterEach(() => sut.close());

  const ask = (ticker: string, query: Step) =>
    sut.get(`/api/v2/tickers/${ticker}/ohlc`).query(query).expect(200);
  const run = async (ticker: string, steps: Step[]) => {
    for (const query of steps) await ask(ticker, query);
  };

  /** Distinct trading dates the script's windows need, per resolution. */
  const needed = async (ticker: string, steps: Step[]) => {
    const dates = new Map<Resolution, Set<string>>();
    for (const query of steps) {
      const res = await ask(ticker, query);
      const set = dates.get(res.body.resolution as Resolution) ?? new Set<string>();
      for (const c of res.body.candles as { date: string }[]) {
        set.add(res.body.resolution === 'D' ? c.date : hours.nyDate(Date.parse(c.date)));
      }
      dates.set(res.body.resolution as Resolution, set);
    }
    return [...dates.values()].reduce((n, set) => n + set.size, 0);
  };

  it('pans, zooms and switches intraday resolutions fetching each session once', async () => {
    const week = (start: string, end: string): Step => ({
      resolution: '5',
      start_date: start,
      end_date: end,
    });
    const steps: Step[] = [
      // One day first, then the month around it: the day is not fetched again.
      week('2025-12-10', '2025-12-10'),
      { range: '1M', resolution: '5' },
      // Five pans left by a week, each the same 30-day width.
      week('2025-11-06', '2025-12-06'),
      week('2025-10-30', '2025-11-29'),
      week('2025-10-23', '2025-11-22'),
      week('2025-10-16', '2025-11-15'),
      week('2025-10-09', '2025-11-08'),
      // Zoom in: one day (the API's finest window) inside what is loaded.
      week('2025-10-20', '2025-10-20'),
      { ...week('2025-10-09', '2025-11-08'), resolution: '15' },
      week('2025-10-09', '2025-11-08'),
      // Jump to two weeks around Labor Day (Monday 2025-09-01, closed).
      week('2025-08-25', '2025-09-05'),
    ];
    await run('PAN', steps);
    const asked = sut.provider.calls.flatMap((c) =>
      sessionsAsked(hours, c).map((d) => `${c.resolution}@${d}`),
    );
    const need = await needed('PAN', steps);
    console.log(
      `intraday session: ${asked.length} sessions fetched for ${need} needed in ` +
        `${sut.provider.calls.length} calls`,
    );

    expect(callDates(hours, sut.provider.calls)).toEqual([
      ['5', '2025-12-10', '2025-12-10'],
      ['5', '2025-11-13', '2025-12-09'],
      ['5', '2025-12-11', '2025-12-12'],
      ['5', '2025-11-06', '2025-11-12'],
      ['5', '2025-10-30', '2025-11-05'],
      ['5', '2025-10-23', '2025-10-29'],
      ['5', '2025-10-16', '2025-10-22'],
      ['5', '2025-10-09', '2025-10-15'],
      ['15', '2025-10-09', '2025-11-07'],
      ['5', '2025-08-25', '2025-09-05'],
    ]);
    expect(duplicates(asked)).toEqual([]);
    expect(asked).not.toContain('5@2025-09-01');
    expect(asked.length).toBe(need);
    expect(sut.app.get(OhlcCacheCounters).provider('demo').refetchedRows).toBe(0);

    const calls = sut.provider.calls.length;
    await run('PAN', steps);
    expect(sut.provider.calls).toHaveLength(calls);
  });

  it('loads two years of daily candles with at most 2% of sessions fetched again', async () => {
    const days = (start: string, end: string): Step => ({ start_date: start, end_date: end });
    const steps: Step[] = [
      days('2025-03-01', '2025-06-30'),
      days('2025-01-01', '2025-12-12'),
      days('2024-07-08', '2024-07-10'),
      days('2024-06-01', '2024-12-31'),
      days('2024-01-01', '2024-06-30'),
      { range: '1Y' },
      days('2024-11-25', '2025-01-10'),
      days('2023-12-20', '2024-01-05'),
    ];
    await run('DAY', steps);
    const asked = sut.provider.calls.flatMap((c) => sessionsAsked(hours, c));
    const need = await needed('DAY', steps);
    console.log(
      `daily session: ${asked.length} sessions fetched for ${need} needed ` +
        `(${((asked.length / need - 1) * 100).toFixed(2)}% extra) in ${sut.provider.calls.length} calls`,
    );

    expect(callDates(hours, sut.provider.calls)).toEqual([
      ['D', '2025-03-03', '2025-06-30'],
      // January–February and July–December: the held March–June is not fetched again.
      ['D', '2025-01-02', '2025-02-28'],
      ['D', '2025-07-01', '2025-12-12'],
      ['D', '2024-07-08', '2024-07-10'],
      // Three held sessions (July 8–10) cost less than a second call.
      ['D', '2024-06-03', '2024-12-31'],
      ['D', '2024-01-02', '2024-05-31'],
      ['D', '2023-12-20', '2023-12-29'],
    ]);
    expect(duplicates(asked)).toEqual(['2024-07-08', '2024-07-09', '2024-07-10']);
    expect(new Set(asked).size).toBe(need);
    expect(asked.length).toBeLessThanOrEqual(need * 1.02);
    expect(sut.app.get(OhlcCacheCounters).provider('demo').refetchedRows).toBe(3);

    const calls = sut.provider.calls.length;
    await run('DAY', steps);
    expect(sut.provider.calls).toHaveLength(calls);
  });
});
