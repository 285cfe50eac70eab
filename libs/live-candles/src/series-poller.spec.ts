import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimitedError, type StoredCandle } from '@app/ohlc-core';
import { MarketHoursService, NyseCalendar } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import type { LiveEvent } from './live-event';
import { SeriesPoller, type LatestQuery, type PollCounts } from './series-poller';

const FIVE_MIN = 5 * 60_000;
/** Monday 2025-12-08, 15:07:30Z: 10:07:30 New York, the 10:05 candle forming. */
const IN_SESSION = '2025-12-08T15:07:30Z';
const FORMING = Date.parse('2025-12-08T15:05:00Z');
const POLL_MS = 30;

const candle = (start: number, close: number): StoredCandle => ({
  start,
  open: 100,
  high: Math.max(100, close),
  low: Math.min(100, close),
  close,
  volume: 10,
  fetchedAt: 0,
});

/** Answers each poll with what the test set last; records the queries. */
class FakeLatest {
  readonly queries: LatestQuery[] = [];
  candles: StoredCandle[] = [];
  failWith?: Error;
  read = (query: LatestQuery) => {
    this.queries.push(query);
    return this.failWith
      ? Promise.reject(this.failWith)
      : Promise.resolve({ candles: this.candles });
  };
}

describe(SeriesPoller.name, () => {
  let clock: FixedClock;
  let latest: FakeLatest;
  let counts: PollCounts;
  let sut: SeriesPoller;

  const create = () => {
    counts = { polls: 0, skipped: 0, deliveries: 0 };
    const hours = new MarketHoursService(clock, new NyseCalendar());
    sut = new SeriesPoller('AAPL', '5', hours, latest.read, POLL_MS, counts);
  };
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await sleep(5);
    expect(check()).toBe(true);
  };

  beforeEach(() => {
    clock = new FixedClock(IN_SESSION);
    latest = new FakeLatest();
    latest.candles = [candle(FORMING - FIVE_MIN, 101), candle(FORMING, 102)];
    create();
  });
  afterEach(() => sut.stop());

  it('tells a watcher the candle that closed last and the forming one, then each change once', async () => {
    const events: LiveEvent[] = [];
    sut.watch((e) => events.push(e));
    await until(() => events.length === 2);
    expect(events).toEqual([
      { kind: 'candle', candle: latest.candles[0], final: true },
      { kind: 'candle', candle: latest.candles[1], final: false },
    ]);
    expect(latest.queries[0]).toEqual({
      ticker: 'AAPL',
      resolution: '5',
      range: { from: FORMING - FIVE_MIN, to: FORMING + FIVE_MIN },
      freshSince: Math.floor(clock.now() / POLL_MS) * POLL_MS,
    });

    // Unchanged: nothing told. Changed: told once.
    await until(() => latest.queries.length >= 3);
    expect(events).toHaveLength(2);
    latest.candles = [latest.candles[0], candle(FORMING, 103)];
    await until(() => events.length === 3);
    expect(events[2]).toEqual({ kind: 'candle', candle: candle(FORMING, 103), final: false });
  });

  it('polls once for many watchers, and a late one is told the state at once', async () => {
    const first: LiveEvent[] = [];
    const second: LiveEvent[] = [];
    sut.watch((e) => first.push(e));
    await until(() => first.length === 2);
    sut.watch((e) => second.push(e));
    expect(second).toEqual(first);
    const polls = latest.queries.length;
    await sleep(POLL_MS * 3);
    // Two watchers, one poll per interval.
    expect(latest.queries.length - polls).toBeLessThanOrEqual(4);
    expect(counts.polls).toBe(latest.queries.length);
  });

  it('stops polling when the last watcher leaves', async () => {
    const stop = sut.watch(() => undefined);
    await until(() => latest.queries.length >= 1);
    stop();
    const polls = latest.queries.length;
    await sleep(POLL_MS * 3);
    expect(latest.queries.length).toBe(polls);
  });

  it('outside a session says when the market opens and asks nothing', async () => {
    clock = new FixedClock('2025-12-06T15:00:00Z');
    create();
    const events: LiveEvent[] = [];
    sut.watch((e) => events.push(e));
    await until(() => events.length === 1);
    expect(events).toEqual([
      { kind: 'market', state: 'closed', nextOpen: Date.parse('2025-12-08T14:30:00Z') },
    ]);
    await sleep(POLL_MS * 3);
    expect(latest.queries).toEqual([]);
  });

  it('says when a poll was skipped, and why', async () => {
    latest.failWith = new RateLimitedError('tiingo', 1_800_000_000_000);
    const events: LiveEvent[] = [];
    sut.watch((e) => events.push(e));
    await until(() => events.length >= 1);
    expect(events[0]).toMatchObject({ kind: 'skipped', retryAt: 1_800_000_000_000 });
    expect(counts.skipped).toBeGreaterThanOrEqual(1);
  });
});
