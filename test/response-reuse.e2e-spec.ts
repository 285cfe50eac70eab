import type { SeriesKey } from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { L1Cache, OhlcService } from '@app/ohlc-cache';
import { startDynaliteTable, type TestTable } from '@app/ohlc-cache/testing';
import { createTestApp, type TestApp } from './support/test-app';

const USER = 'user-secret-0123456789';
const ADMIN = 'admin-secret-0123456789';
const env = { API_KEYS: `dash:user:${USER},ops:admin:${ADMIN}` };
/** Saturday: every candle of a window ending today is final until Monday's open. */
const SATURDAY = '2025-12-06T15:00:00Z';

/**
 * The fast path (docs/architecture.md#response-cache): a finished response is
 * served again only while none of its candles can change, and never past the
 * guards.
 */
describe('Response reuse (e2e)', () => {
  let table: TestTable;
  let clock: FixedClock;
  let sut: TestApp;
  let built: jest.SpyInstance;

  beforeAll(async () => {
    table = await startDynaliteTable('response-reuse-e2e');
  });
  afterAll(() => table?.close());

  const start = async (at = SATURDAY) => {
    clock = new FixedClock(at);
    sut = await createTestApp({ clock, env, sharedL2: table });
    // Counts the requests that reached the cache path; the real method still answers.
    built = jest.spyOn(sut.app.get(OhlcService), 'getCandles');
  };
  afterEach(() => sut?.close());

  const get = (app: TestApp, path: string, secret: string | null = USER) =>
    app.get(path, secret ? { Authorization: `Bearer ${secret}` } : {});

  it('serves a repeated request from the response, with its ETag, the age recomputed and 304', async () => {
    await start();
    const path = '/api/v2/tickers/REUSE/ohlc';
    const first = await get(sut, path).expect(200);
    const second = await get(sut, path).expect(200);
    // The second read L1 (the first filled it after its fetch); from then on nothing does.
    expect(second.headers['x-cache-source']).toBe('in-memory');
    clock.advance(90_000);
    const third = await get(sut, path).expect(200);

    expect(built).toHaveBeenCalledTimes(2);
    expect(third.text).toBe(first.text);
    expect(third.headers['x-cache-source']).toBe('in-memory');
    expect(Number(third.headers['x-cache-age'])).toBe(Number(second.headers['x-cache-age']) + 90);
    expect(third.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(third.headers.etag).toBe(first.headers.etag);
    expect(third.headers.etag).toMatch(/^W\/".+"$/);
    const notModified = await get(sut, path).set('If-None-Match', first.headers.etag).expect(304);
    expect(notModified.text).toBe('');
    expect(built).toHaveBeenCalledTimes(2);
  });

  it('refuses an unauthenticated request for a URL whose response it holds', async () => {
    await start();
    const path = '/api/v2/tickers/GUARD/ohlc?range=1W';
    await get(sut, path).expect(200);
    await get(sut, path).expect(200);
    await get(sut, path, null).expect(401);
    await get(sut, path, 'not-a-configured-key-0123').expect(401);
    const calls = built.mock.calls.length;
    await get(sut, path).expect(200);
    expect(built).toHaveBeenCalledTimes(calls);
  });

  it('answers afresh once the series is written', async () => {
    await start();
    const path = '/api/v2/tickers/WRITE/ohlc?range=1W';
    await get(sut, path).expect(200);
    const before = await get(sut, path).expect(200);
    await get(sut, path).expect(200);
    const calls = built.mock.calls.length;

    const [candle] = before.body.candles as { date: string; close: number }[];
    const series: SeriesKey = { ticker: 'WRITE', source: 'demo', resolution: 'D' };
    const day = Date.parse(`${candle.date}T00:00:00Z`);
    await sut.app.get<L1Cache>(L1Cache).write(series, {
      candles: [
        { start: day, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, fetchedAt: clock.now() },
      ],
      covered: [{ from: day, to: day + 86_400_000 }],
    });

    const after = await get(sut, path).expect(200);
    expect(built).toHaveBeenCalledTimes(calls + 1);
    expect(after.body.candles[0]).toMatchObject({ date: candle.date, close: 1.5 });
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('keeps apart responses that differ only in adjustment', async () => {
    await start();
    const path = '/api/v2/tickers/ADJ/ohlc?range=1W';
    await get(sut, path).expect(200);
    await get(sut, path).expect(200);
    const calls = built.mock.calls.length;
    const adjusted = await get(sut, `${path}&adjustment=splits`).expect(200);
    expect(adjusted.body.adjustment).toBe('splits');
    expect(built).toHaveBeenCalledTimes(calls + 1);
    expect((await get(sut, path).expect(200)).body.adjustment).toBe('raw');
  });

  it('never reuses a response with a forming candle, and serves the closed one after', async () => {
    // Monday 10:02 New York: the 10:00 five-minute candle is forming.
    await start('2025-12-08T15:02:00Z');
    const path = '/api/v2/tickers/FORM/ohlc?range=1W&resolution=5';
    await get(sut, path).expect(200);
    const calls = sut.provider.calls.length;
    const again = await get(sut, path).expect(200);
    expect(built).toHaveBeenCalledTimes(2);
    // Only the forming candle is fetched again.
    expect(sut.provider.calls).toHaveLength(calls + 1);
    const last = again.body.candles.at(-1) as { date: string };
    expect(last.date).toBe('2025-12-08T15:00:00Z');

    clock.set('2025-12-08T15:06:00Z');
    const later = await get(sut, path).expect(200);
    expect(built).toHaveBeenCalledTimes(3);
    expect((later.body.candles as { date: string }[]).map((c) => c.date)).toContain(
      '2025-12-08T15:05:00Z',
    );
  });

  it("answers afresh at the market's next change of state, and on the next New York day", async () => {
    // Monday 10:02 New York, a window of last week: final candles until today's close.
    await start('2025-12-08T15:02:00Z');
    const path = '/api/v2/tickers/LATER/ohlc?range=1W&end_date=2025-12-05';
    await get(sut, path).expect(200);
    const cached = await get(sut, path).expect(200);
    expect(cached.body.cache_expires_at).toBe('2025-12-08T21:00:00Z');
    const calls = built.mock.calls.length;
    clock.set('2025-12-08T20:59:59Z');
    await get(sut, path).expect(200);
    expect(built).toHaveBeenCalledTimes(calls);
    clock.set('2025-12-08T21:00:00Z');
    const closed = await get(sut, path).expect(200);
    expect(built).toHaveBeenCalledTimes(calls + 1);
    expect(closed.body.cache_expires_at).toBe('2025-12-09T14:30:00Z');

    // The same URL may mean another window tomorrow: its answer is kept until New York midnight.
    clock.set('2025-12-09T04:59:59Z');
    await get(sut, path).expect(200);
    expect(built).toHaveBeenCalledTimes(calls + 1);
    clock.set('2025-12-09T05:00:00Z');
    await get(sut, path).expect(200);
    expect(built).toHaveBeenCalledTimes(calls + 2);
  });

  it('answers afresh after an admin invalidation: here at once, on another instance within the check interval', async () => {
    await start();
    const other = await createTestApp({ clock, env, sharedL2: table });
    try {
      const path = '/api/v2/tickers/INVAL/ohlc?range=1W';
      for (const app of [sut, sut, other, other]) await get(app, path).expect(200);
      const otherBuilt = jest.spyOn(other.app.get(OhlcService), 'getCandles');

      await sut
        .delete('/api/v2/admin/cache/INVAL', { Authorization: `Bearer ${ADMIN}` })
        .expect(200);
      const calls = built.mock.calls.length;
      const here = await get(sut, path).expect(200);
      expect(built).toHaveBeenCalledTimes(calls + 1);
      expect(here.headers['x-cache-source']).toBe('live-api');

      // The other instance trusts its copy of the generation for 5 s (documented), then rereads it.
      await get(other, path).expect(200);
      expect(otherBuilt).not.toHaveBeenCalled();
      clock.advance(5_000);
      await get(other, path).expect(200);
      expect(otherBuilt).toHaveBeenCalledTimes(1);
    } finally {
      await other.close();
    }
  });
});
