import { FixedClock } from '@app/market-hours/testing';
import { createTestApp, type TestApp } from './support/test-app';

type Candle = {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
};

/** Freshness rules of docs/api.md#freshness against the real calendar and the demo provider. */
describe('Freshness (e2e)', () => {
  let sut: TestApp;
  let clock: FixedClock;

  const start = async (now: string) => {
    clock = new FixedClock(now);
    sut = await createTestApp({ clock });
  };
  const get = (query: Record<string, string>) =>
    sut.get('/api/v2/tickers/AAPL/ohlc').query(query).expect(200);
  const last = (body: { candles: Candle[] }) => body.candles[body.candles.length - 1];

  afterEach(() => sut.close());

  it('refetches only the forming 1-minute candle during the session and shows its new close', async () => {
    // Monday 2025-12-08 11:15:10 New York.
    await start('2025-12-08T16:15:10Z');
    const first = await get({ range: '1W', resolution: '1' });
    expect(first.headers['x-cache-source']).toBe('live-api');
    expect(last(first.body).date).toBe('2025-12-08T16:15:00Z');
    expect(first.body.cache_expires_at).toBe('2025-12-08T21:00:00Z');

    clock.advance(30_000);
    const second = await get({ range: '1W', resolution: '1' });
    expect(second.headers['x-cache-source']).toBe('live-api');
    expect(sut.provider.calls).toHaveLength(2);
    expect(sut.provider.calls[1].range).toEqual({
      from: Date.parse('2025-12-08T16:15:00Z'),
      to: Date.parse('2025-12-08T16:16:00Z'),
    });
    expect(last(second.body).date).toBe('2025-12-08T16:15:00Z');
    expect(last(second.body).close).not.toBe(last(first.body).close);
    // Everything before the forming candle is the cached copy.
    expect(second.body.candles.slice(0, -1)).toEqual(first.body.candles.slice(0, -1));
    expect(second.body.count).toBe(first.body.count);
  });

  it('treats the daily candle of an open session as forming', async () => {
    await start('2025-12-08T16:15:10Z');
    const first = await get({ range: '1W', resolution: 'D' });
    clock.advance(60_000);
    const second = await get({ range: '1W', resolution: 'D' });
    expect(sut.provider.calls[1].range.from).toBe(Date.parse('2025-12-08T00:00:00Z'));
    expect(last(second.body).date).toBe('2025-12-08');
    expect(last(second.body).close).not.toBe(last(first.body).close);
  });

  it.each([
    ['on a Saturday', '2025-12-06T15:00:00Z', 26 * 3_600_000],
    ['on a holiday (Thanksgiving)', '2025-11-27T17:00:00Z', 3 * 3_600_000],
    ['after an early close', '2025-11-28T19:00:00Z', 4 * 3_600_000],
  ])('makes no upstream call for a fetched range %s', async (_when, now, later) => {
    await start(now);
    for (const resolution of ['5', 'D']) await get({ range: '1M', resolution });
    expect(sut.provider.calls).toHaveLength(2);

    clock.advance(later);
    for (const resolution of ['5', 'D']) await get({ range: '1M', resolution });
    const res = await get({ range: '1W', resolution: '5' });
    expect(res.headers['x-cache-source']).toBe('in-memory');
    expect(sut.provider.calls).toHaveLength(2);
  });

  it('cuts the early-close session at 13:00 and does not count weekends or holidays as missing', async () => {
    await start('2025-12-01T02:00:00Z');
    const res = await get({ start_date: '2025-11-26', end_date: '2025-11-30', resolution: '5' });
    const byDay = (day: string) =>
      (res.body.candles as Candle[]).filter((c) => c.date.startsWith(day));
    expect(byDay('2025-11-26')).toHaveLength(78);
    expect(byDay('2025-11-27')).toHaveLength(0);
    expect(byDay('2025-11-28')).toHaveLength(42);
    expect(last(res.body).date).toBe('2025-11-28T17:55:00Z');

    await sut.close();
    sut = await createTestApp({ clock });
    clock.advance(24 * 3_600_000);
    await get({ start_date: '2025-11-26', end_date: '2025-11-30', resolution: '5' });
    expect(sut.provider.calls).toHaveLength(1);
  });

  it('replaces a candle cached while forming by its final version after the close, once', async () => {
    // 15:57:30 New York: the 15:55 five-minute candle is forming.
    await start('2025-12-08T20:57:30Z');
    const forming = last((await get({ range: '1W', resolution: '5' })).body);
    expect(forming.date).toBe('2025-12-08T20:55:00Z');

    clock.set('2025-12-08T21:10:00Z');
    const closed = await get({ range: '1W', resolution: '5' });
    expect(sut.provider.calls).toHaveLength(2);
    expect(sut.provider.calls[1].range.from).toBe(Date.parse('2025-12-08T20:55:00Z'));
    expect(last(closed.body).date).toBe('2025-12-08T20:55:00Z');
    // The final copy holds all five minutes; the forming one only two and a half.
    expect(last(closed.body).volume).toBeGreaterThan(forming.volume);

    clock.advance(3_600_000);
    const again = await get({ range: '1W', resolution: '5' });
    expect(again.headers['x-cache-source']).toBe('in-memory');
    expect(last(again.body)).toEqual(last(closed.body));
    expect(sut.provider.calls).toHaveLength(2);
  });
});
