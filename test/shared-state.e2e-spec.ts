import { setTimeout as sleep } from 'node:timers/promises';
import { FixedClock } from '@app/market-hours/testing';
import { startDynaliteTable, type TestTable } from '@app/ohlc-cache/testing';
import { REDIS_SKIP_NOTICE, RedisServer, redisMustRun } from '@app/shared-state/testing';
import { createTestApp, type TestApp } from './support/test-app';

const OHLC = '/api/v2/tickers/AAPL/ohlc';
const USER = 'user-secret-0123456789';
const ADMIN = 'admin-secret-9876543210';
const API_KEYS = `dash:user:${USER},ops:admin:${ADMIN}`;
const as = (secret: string) => ({ Authorization: `Bearer ${secret}` });

/** Polls `probe` every 20 ms until it holds, for at most `ms`. */
async function until(probe: () => Promise<boolean>, ms: number, what: string): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
  return Date.now() - started;
}

// A real redis-server, started here; skipped with a notice where there is none (CI requires it).
const describeWithRedis = redisMustRun() ? describe : describe.skip;
if (!redisMustRun()) process.stderr.write(`\n${REDIS_SKIP_NOTICE}\n\n`);

/**
 * Two instances on one L2 and one Redis (README, Shared state): one rate
 * limit per client for both, invalidations seen at once, and Redis killed
 * under load costing no request.
 */
describeWithRedis('Shared state across instances (e2e)', () => {
  // Saturday: every candle of the window is closed.
  const clock = new FixedClock('2025-12-06T15:00:00Z');
  let redis: RedisServer;
  let table: TestTable;
  const apps: TestApp[] = [];

  const fleet = async (env: Record<string, string>): Promise<[TestApp, TestApp]> => {
    const both = await Promise.all(
      [0, 1].map(() => createTestApp({ clock, sharedL2: table, env: { API_KEYS, ...env } })),
    );
    apps.push(...both);
    return [both[0], both[1]];
  };

  beforeAll(async () => {
    redis = await RedisServer.start();
    table = await startDynaliteTable('shared-state-e2e');
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(async () => {
    await table?.close();
    await redis?.stop();
  });

  /** Six requests of one key to each instance, interleaved: their statuses. */
  const twelveRequests = async ([a, b]: [TestApp, TestApp], ticker: string) => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      for (const app of [a, b]) {
        statuses.push((await app.get(`/api/v2/tickers/${ticker}/ohlc`, as(USER))).status);
      }
    }
    return statuses;
  };
  const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

  it('holds one limit per client across both instances: 10 of 12 requests pass, then 429', async () => {
    const statuses = await twelveRequests(
      await fleet({ REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '10' }),
      'MSFT',
    );
    expect([count(statuses, 200), count(statuses, 429)]).toEqual([10, 2]);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('without REDIS_URL, counts per instance: all 12 pass (the documented limit of one instance)', async () => {
    const statuses = await twelveRequests(await fleet({ RATE_LIMIT_PER_MINUTE: '10' }), 'NVDA');
    expect(count(statuses, 200)).toBe(12);
  });

  it('makes the other instance drop its L1 copy within a second of an invalidation', async () => {
    // The periodic generation check alone would take a minute.
    const [a, b] = await fleet({ REDIS_URL: redis.url, L1_INVALIDATION_CHECK_MS: '60000' });
    await a.get(OHLC, as(USER)).expect(200);
    const warm = await b.get(OHLC, as(USER)).expect(200);
    expect(warm.headers['x-cache-source']).toBe('persistent-cache');
    expect((await b.get(OHLC, as(USER))).headers['x-cache-source']).toBe('in-memory');

    await a.delete('/api/v2/admin/cache/AAPL', as(ADMIN)).expect(200);
    const answered = Date.now();
    const waited = await until(
      async () => (await b.get(OHLC, as(USER))).headers['x-cache-source'] !== 'in-memory',
      1_000,
      'instance B to stop serving its L1 copy',
    );
    expect(Date.now() - answered).toBeLessThanOrEqual(1_000);
    expect(waited).toBeLessThanOrEqual(1_000);
  });

  it('answers every request while Redis is killed and restarted, falling back and coming back', async () => {
    const [a, b] = await fleet({
      REDIS_URL: redis.url,
      RATE_LIMIT_PER_MINUTE: '100000',
      REDIS_COMMAND_TIMEOUT_MS: '200',
    });
    await a.get(OHLC, as(USER)).expect(200);
    const failures: number[] = [];
    let sent = 0;
    let loading = true;
    const load = (async () => {
      while (loading) {
        const res = await [a, b][sent++ % 2].get(OHLC, as(USER));
        if (res.status !== 200) failures.push(res.status);
      }
    })();
    const stateOf = async (app: TestApp) =>
      (
        (await app.get('/health/ready').expect(200)).body as {
          info: Record<string, { state: string }>;
        }
      ).info['shared-state'].state;

    await sleep(200);
    await redis.kill();
    await until(async () => (await stateOf(a)) !== 'up', 5_000, 'A to see Redis down');
    const duringOutage = sent;
    await sleep(300);
    expect(sent).toBeGreaterThan(duringOutage);
    await redis.restart();
    await until(async () => (await stateOf(a)) === 'up', 10_000, 'A to see Redis back');
    await until(async () => (await stateOf(b)) === 'up', 10_000, 'B to see Redis back');
    await sleep(200);
    loading = false;
    await load;

    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(20);
    const metrics = (await a.get('/metrics').expect(200)).text;
    expect(metrics).toContain('ohlc_shared_state_up 1');
    expect(metrics).toContain('ohlc_shared_state_transitions_total{to="down"} 1');
    expect(metrics).toContain('ohlc_shared_state_transitions_total{to="up"} 1');
    // Counting in Redis again: both instances in one window, one request apart.
    const [first, second] = [await a.get(OHLC, as(USER)), await b.get(OHLC, as(USER))];
    expect(Number(second.headers['x-ratelimit-remaining'])).toBe(
      Number(first.headers['x-ratelimit-remaining']) - 1,
    );
  });
});
