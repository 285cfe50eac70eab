import type { Candle } from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { FakeTiingoServer } from '@app/market-data/testing';
import { OhlcCacheCounters } from '@app/ohlc-cache';
import { sessionCandles } from './support/nyse';
import { createTestApp, type TestApp } from './support/test-app';

const KEY = 'tiingo-revisions-key';
const DAILY = '/api/v2/tickers/REV/ohlc?start_date=2024-05-28&end_date=2024-06-03';
const MONDAY = Date.parse('2024-06-03T00:00:00Z');

type Body = { candles: { date: string; close: number }[] };

/**
 * Final data revised upstream after settlement, against a fake Tiingo, on a
 * clock the test moves: the re-verification schedule of Tiingo's adapter
 * (docs/architecture.md#re-verification) asks each daily row again once the
 * next session has closed and once the fifth has, and a short intraday
 * session once after its daily settlement (20:00 New York).
 */
describe('Revisions after settlement (e2e)', () => {
  const clock = new FixedClock('2024-06-04T01:00:00Z');
  const tiingo = new FakeTiingoServer({ apiKey: KEY });
  let sut: TestApp;

  const closes = async (path: string) =>
    ((await sut.get(path).expect(200)).body as Body).candles.map((c) => c.close);
  /** The calls the fake received since the last look, as `path startDate..endDate`. */
  const calls = () =>
    tiingo.requests
      .splice(0)
      .map((r) => `${r.path} ${r.query.get('startDate')}..${r.query.get('endDate')}`);

  beforeEach(async () => {
    tiingo.reset();
    sut = await createTestApp({ clock, upstream: tiingo });
  });
  afterEach(() => sut.close());
  afterAll(() => tiingo.close());

  it('serves a daily row revised after settlement once its check is due, with one call a check', async () => {
    const history = sessionCandles('D', '2024-05-20T00:00:00Z', '2024-06-04T00:00:00Z');
    tiingo.setCandles('REV', 'D', history);
    // Monday 21:00 New York: Monday's row is settled.
    clock.set('2024-06-04T01:00:00Z');
    const first = await closes(DAILY);
    expect(calls()).toEqual(['/tiingo/daily/REV/prices 2024-05-28..2024-06-03']);

    const monday = history.find((c) => c.start === MONDAY)!;
    const revised: Candle = {
      ...monday,
      close: monday.close + 1,
      high: monday.high + 1,
      divCash: 0.5,
    };
    tiingo.setCandles(
      'REV',
      'D',
      history.map((c) => (c.start === MONDAY ? revised : c)),
    );

    // Tuesday noon: the next session has not closed, nothing is due.
    clock.set('2024-06-04T16:00:00Z');
    expect(await closes(DAILY)).toEqual(first);
    expect(calls()).toEqual([]);

    // Tuesday 16:30: Monday's first check (and 2024-05-28's fifth) are due: one call holds both.
    clock.set('2024-06-04T20:30:00Z');
    const checked = await closes(DAILY);
    expect(checked.at(-1)).toBe(revised.close);
    expect(calls()).toEqual(['/tiingo/daily/REV/prices 2024-05-28..2024-06-03']);
    expect(sut.app.get(OhlcCacheCounters).provider('tiingo')).toMatchObject({
      corrections: 1,
      // Monday's and 2024-05-28's rows; the three between came along, fetched again.
      reverifiedRows: 2,
      refetchedRows: 3,
      reverificationCalls: 1,
    });

    // The dividend the revision added now adjusts every earlier session.
    const all = await closes(`${DAILY}&adjustment=all`);
    const factor = 1 - 0.5 / first.at(-2)!;
    expect(all.at(-2)).toBeCloseTo(first.at(-2)! * factor, 9);
    expect(all.at(-1)).toBe(revised.close);
    calls();

    // Then each row once more when its fifth session has closed: 2024-05-29 to 05-31's by
    // Friday 2024-06-07 (one call), Monday's on Monday 2024-06-10 at 16:00; never again.
    const schedule: [string, string[]][] = [
      ['2024-06-04T20:31:00Z', []],
      ['2024-06-07T21:00:00Z', ['/tiingo/daily/REV/prices 2024-05-29..2024-05-31']],
      ['2024-06-10T19:59:00Z', []],
      ['2024-06-10T20:30:00Z', ['/tiingo/daily/REV/prices 2024-06-03..2024-06-03']],
      ['2024-06-20T20:30:00Z', []],
    ];
    for (const [at, expected] of schedule) {
      clock.set(at);
      expect((await closes(DAILY)).at(-1)).toBe(revised.close);
      expect(calls()).toEqual(expected);
    }
    expect(sut.app.get(OhlcCacheCounters).provider('tiingo').reverificationCalls).toBe(3);
  });

  it('serves a short intraday session whole once upstream back-filled it and its check is due', async () => {
    const session = sessionCandles('5', '2024-06-04T00:00:00Z', '2024-06-05T00:00:00Z');
    // 70 of 78 five-minute bars: eight in the early afternoon came back missing.
    tiingo.setCandles('GAP', '5', [...session.slice(0, 40), ...session.slice(48)]);
    const path = '/api/v2/tickers/GAP/ohlc?start_date=2024-06-04&end_date=2024-06-04&resolution=5';
    clock.set('2024-06-04T20:30:00Z');
    expect(await closes(path)).toHaveLength(70);
    expect(calls()).toHaveLength(1);
    tiingo.setCandles('GAP', '5', session);

    clock.set('2024-06-04T23:00:00Z');
    expect(await closes(path)).toHaveLength(70);
    expect(calls()).toEqual([]);

    // 20:30 New York: settled, so the short session is asked for once more.
    clock.set('2024-06-05T00:30:00Z');
    expect(await closes(path)).toHaveLength(78);
    expect(calls()).toEqual(['/iex/GAP/prices 2024-06-04..2024-06-04']);

    for (const at of ['2024-06-05T00:31:00Z', '2024-06-06T00:30:00Z']) {
      clock.set(at);
      expect(await closes(path)).toHaveLength(78);
    }
    expect(calls()).toEqual([]);
  });
});
