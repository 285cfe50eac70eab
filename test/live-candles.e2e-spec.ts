import { setTimeout as sleep } from 'node:timers/promises';
import type { Candle } from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { FakeTiingoServer } from '@app/market-data/testing';
import { startDynaliteTable, type TestTable } from '@app/ohlc-cache/testing';
import { sessionCandles } from './support/nyse';
import { SseClient } from './support/sse-client';
import { createTestApp, type TestApp } from './support/test-app';

const KEY = 'live-user-secret-0123456789';
const AUTH = { Authorization: `Bearer ${KEY}` };
const POLL_MS = 400;
/** Monday 2025-12-08, 10:07:30 New York: the 10:05 candle (15:05Z) is forming. */
const IN_SESSION = '2025-12-08T15:07:30Z';
const FORMING = Date.parse('2025-12-08T15:05:00Z');
const STREAM = '/api/v2/tickers/AAPL/ohlc/stream?resolution=5';
const TODAY = '/api/v2/tickers/AAPL/ohlc?resolution=5&start_date=2025-12-08&end_date=2025-12-08';

/** The session's 5-minute bars up to the forming one, whose close the test moves. */
function barsWithFormingClose(close: number): Candle[] {
  const closed = sessionCandles('5', '2025-12-08T14:30:00Z', '2025-12-08T15:05:00Z');
  return [...closed, { start: FORMING, open: 100, high: 110, low: 90, close, volume: 500 }];
}

/**
 * Live candles over real HTTP (docs/api.md#live-candles): two instances on
 * one L2 and a fake Tiingo, on a fixed clock inside a session that the test
 * moves one poll interval at a time.
 */
describe('Live candles (e2e)', () => {
  let clock: FixedClock;
  let tiingo: FakeTiingoServer;
  let table: TestTable;
  const apps: TestApp[] = [];
  const clients: SseClient[] = [];
  const iexCalls = () => tiingo.requests.filter((r) => r.path.startsWith('/iex/')).length;

  const instance = async (env: Record<string, string> = {}) => {
    const app = await createTestApp({
      clock,
      upstream: tiingo,
      sharedL2: table,
      env: {
        API_KEYS: `dash:user:${KEY}`,
        LIVE_POLL_MS: String(POLL_MS),
        LIVE_MAX_STREAMS_PER_CLIENT: '60',
        ...env,
      },
    });
    apps.push(app);
    await app.app.listen(0, '127.0.0.1');
    return { app, url: await app.app.getUrl() };
  };
  const open = async (url: string, headers: Record<string, string> = {}, read = true) => {
    const client = await SseClient.open(url + STREAM, { ...AUTH, ...headers }, read);
    clients.push(client);
    return client;
  };
  const formingCloses = (client: SseClient) =>
    client
      .of('candle')
      .filter((e) => e.data.date === '2025-12-08T15:05:00Z')
      .map((e) => e.data.close);

  beforeEach(async () => {
    clock = new FixedClock(IN_SESSION);
    tiingo = new FakeTiingoServer({ apiKey: 'tiingo-live-key' });
    tiingo.setCandles('AAPL', '5', barsWithFormingClose(100));
    table = await startDynaliteTable('live-e2e');
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await table.close();
    await tiingo.close();
  });

  it('polls once per interval for 50 watchers on two instances, each told every change in order', async () => {
    const [a, b] = [await instance(), await instance()];
    // Today's chart was loaded once, the forming candle with it.
    await a.app.get(TODAY, AUTH).expect(200);
    const watchers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => open(i % 2 === 0 ? a.url : b.url)),
    );
    await Promise.all(watchers.map((c) => c.until(() => formingCloses(c).length === 1)));
    const atStart = iexCalls();
    expect(atStart).toBeLessThanOrEqual(2);
    const first = watchers[0].of('candle');
    expect(first.map((e) => [e.id, e.data.final])).toEqual([
      ['2025-12-08T15:00:00Z', true],
      ['2025-12-08T15:05:00Z', false],
    ]);

    for (let k = 1; k <= 5; k++) {
      tiingo.setCandles('AAPL', '5', barsWithFormingClose(100 + k));
      clock.advance(POLL_MS);
      await Promise.all(watchers.map((c) => c.until(() => formingCloses(c).length === k + 1)));
    }

    expect(iexCalls() - atStart).toBeLessThanOrEqual(5);
    for (const watcher of watchers) {
      expect(formingCloses(watcher)).toEqual([100, 101, 102, 103, 104, 105]);
    }
    // What the stream showed is in the cache: the OHLC route answers it from memory.
    const calls = iexCalls();
    const ohlc = await a.app.get(TODAY, AUTH).expect(200);
    expect(ohlc.headers['x-cache-source']).toBe('in-memory');
    expect((ohlc.body as { candles: { close: number }[] }).candles.at(-1)?.close).toBe(105);
    expect(iexCalls()).toBe(calls);
    const metrics = (await a.app.get('/metrics').expect(200)).text;
    expect(metrics).toContain('ohlc_live_streams 25');
  });

  it('replays exactly the candles a reconnecting client missed (Last-Event-ID)', async () => {
    const { url } = await instance();
    const client = await open(url, { 'Last-Event-ID': '2025-12-08T14:45:00Z' });
    await client.until((c) => formingCloses(c).length === 1);
    const ids = client.of('candle').map((e) => e.id);
    // 14:50 and 15:00 closed since 14:45; 15:00 again as the candle that closed last; then 15:05.
    expect(ids.slice(0, 3)).toEqual([
      '2025-12-08T14:50:00Z',
      '2025-12-08T14:55:00Z',
      '2025-12-08T15:00:00Z',
    ]);
    expect(ids.at(-1)).toBe('2025-12-08T15:05:00Z');
  });

  it('cuts off a client that stops reading without slowing the others', async () => {
    const { url, app } = await instance({ LIVE_HEARTBEAT_MS: '100' });
    const reader = await open(url);
    const stalled = await open(url, {}, false);
    await reader.until((c) => formingCloses(c).length === 1);
    // Heartbeats and candles pile up for the stalled one until its buffer bound cuts it off.
    for (let k = 1; k <= 3; k++) {
      tiingo.setCandles('AAPL', '5', barsWithFormingClose(100 + k));
      clock.advance(POLL_MS);
      await reader.until((c) => formingCloses(c).length === k + 1);
    }
    expect(reader.ended).toBe(false);
    expect(stalled.status).toBe(200);
    const metrics = (await app.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/ohlc_live_dropped_clients_total \d+/);
  });

  it('stops polling within two intervals of the last watcher leaving', async () => {
    const { url } = await instance();
    const client = await open(url);
    await client.until((c) => formingCloses(c).length === 1);
    client.close();
    await sleep(100);
    const calls = iexCalls();
    clock.advance(POLL_MS);
    await sleep(2 * POLL_MS);
    clock.advance(POLL_MS);
    await sleep(POLL_MS);
    expect(iexCalls()).toBe(calls);
  });

  it('outside the session says the market is closed and when it opens, asking upstream nothing', async () => {
    clock = new FixedClock('2025-12-06T15:00:00Z');
    const { url } = await instance();
    const client = await open(url);
    await client.until((c) => c.of('market').length === 1);
    expect(client.of('market')[0].data).toEqual({
      state: 'closed',
      next_open: '2025-12-08T14:30:00Z',
    });
    await sleep(3 * POLL_MS);
    expect(tiingo.requests).toEqual([]);
  });

  it('refuses streams past the per-client limit with 429, and a daily resolution with 422', async () => {
    const { url } = await instance({ LIVE_MAX_STREAMS_PER_CLIENT: '1' });
    await open(url);
    const refused = await open(url);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'TOO_MANY_STREAMS' });
    const daily = await SseClient.open(`${url}/api/v2/tickers/AAPL/ohlc/stream?resolution=D`, AUTH);
    expect(daily.status).toBe(422);
    const anonymous = await SseClient.open(url + STREAM);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('answers 501 where the deployment cannot stream (the Lambda entry point)', async () => {
    const { url } = await instance({ LIVE_STREAMS: 'false' });
    const refused = await SseClient.open(url + STREAM, AUTH);
    expect(refused.status).toBe(501);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'STREAMING_UNSUPPORTED' });
  });

  it('ends every stream with a shutdown event when the instance shuts down', async () => {
    const { url, app } = await instance();
    const client = await open(url);
    await client.until((c) => formingCloses(c).length === 1);
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    await client.until((c) => c.ended);
    expect(client.of('shutdown')).toHaveLength(1);
  });
});
