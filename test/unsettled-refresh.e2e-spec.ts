import type { Candle } from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { FakeTiingoServer } from '@app/market-data/testing';
import { startDynaliteTable, type TestTable } from '@app/ohlc-cache/testing';
import { sessionCandles } from './support/nyse';
import { createTestApp, type TestApp } from './support/test-app';

const WEEK = '/api/v2/tickers/LATE/ohlc?start_date=2024-05-28&end_date=2024-06-03';
const MONDAY = Date.parse('2024-06-03T00:00:00Z');

type Body = { candles: { date: string }[] };

/**
 * Between the close and settlement (20:00 New York for Tiingo) today's daily
 * row is asked for at most once per UNSETTLED_REFRESH_MS, for every instance
 * sharing L2: a check in L2 says when it was last asked, even when upstream
 * had nothing yet.
 */
describe('Unsettled daily row, asked for once per window (e2e)', () => {
  const clock = new FixedClock('2024-06-03T20:30:00Z');
  const tiingo = new FakeTiingoServer({ apiKey: 'tiingo-unsettled-key' });
  const history = sessionCandles('D', '2024-05-20T00:00:00Z', '2024-06-03T00:00:00Z');
  const monday: Candle = { start: MONDAY, open: 101, high: 103, low: 100, close: 102, volume: 9 };
  let table: TestTable;
  let instances: TestApp[];

  const dates = async (sut: TestApp) =>
    ((await sut.get(WEEK).expect(200)).body as Body).candles.map((c) => c.date);
  const dailyCalls = () => tiingo.requests.splice(0).length;

  beforeAll(async () => {
    table = await startDynaliteTable();
    instances = await Promise.all(
      [1, 2].map(() => createTestApp({ clock, upstream: tiingo, sharedL2: table })),
    );
  });
  afterAll(async () => {
    await Promise.all(instances.map((a) => a.close()));
    await tiingo.close();
    await table.close();
  });

  it('asks at most once per 15 minutes until settlement, across instances', async () => {
    const [a, b] = instances;
    tiingo.setCandles('LATE', 'D', history);
    // 16:30 New York: Monday has closed; Tiingo has not published its row yet.
    expect(await dates(a)).not.toContain('2024-06-03');
    expect(dailyCalls()).toBe(1);

    clock.set('2024-06-03T20:40:00Z');
    for (const sut of [a, b, a, b, b]) expect(await dates(sut)).not.toContain('2024-06-03');
    expect(dailyCalls()).toBe(0);

    // 17:31: published; the window has passed, so the next request asks, once for both.
    tiingo.setCandles('LATE', 'D', [...history, monday]);
    clock.set('2024-06-03T21:31:00Z');
    expect(await dates(b)).toContain('2024-06-03');
    expect(await dates(a)).toContain('2024-06-03');
    expect(dailyCalls()).toBe(1);

    // Settled at 20:00: the row is asked for once more, as final, then never.
    clock.set('2024-06-04T00:30:00Z');
    for (const sut of [a, b, a]) expect(await dates(sut)).toContain('2024-06-03');
    expect(dailyCalls()).toBe(1);
  });
});
