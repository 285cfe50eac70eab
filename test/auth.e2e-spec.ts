import { createHash } from 'node:crypto';
import { FixedClock } from '@app/market-hours/testing';
import { startDynaliteTable, type TestTable } from '@app/ohlc-cache/testing';
import { CapturedLogs } from './support/captured-logs';
import { createTestApp, type TestApp } from './support/test-app';

const OHLC = '/api/v2/tickers/AAPL/ohlc';
const ADMIN = '/api/v2/admin/cache/AAPL';
const USER_SECRET = 'user-secret-0123456789';
const ADMIN_SECRET = 'admin-secret-9876543210';
/** The admin key is configured by its hash only: the service never sees the secret at rest. */
const API_KEYS =
  `dashboard:user:${USER_SECRET},` +
  `ops:admin:sha256:${createHash('sha256').update(ADMIN_SECRET).digest('hex')}`;
const bearer = (secret: string) => `Bearer ${secret}`;
const as = (secret: string) => ({ Authorization: bearer(secret) });
const DASHBOARD = 'https://dashboard.example';

/** API keys and roles (docs/api.md#authentication), on two instances sharing one L2. */
describe('Authentication (e2e)', () => {
  // Saturday: every candle of the window is closed.
  const clock = new FixedClock('2025-12-06T15:00:00Z');
  const logs = new CapturedLogs();
  let table: TestTable;
  let sut: TestApp;
  let other: TestApp;

  beforeAll(async () => {
    table = await startDynaliteTable('auth-e2e');
    const env = { API_KEYS, CORS_ORIGINS: DASHBOARD };
    sut = await createTestApp({ clock, env, sharedL2: table, logger: logs });
    // Nest's logger is process-wide: both instances log into `logs`.
    other = await createTestApp({ clock, env, sharedL2: table, logger: logs });
  });
  afterAll(async () => {
    await sut?.close();
    await other?.close();
    await table?.close();
  });

  it.each([
    ['no key', undefined, /^Missing API key/],
    ['a wrong key', bearer('not-a-configured-key-at-all'), /^Invalid API key$/],
    ['another scheme', `Basic ${Buffer.from(`x:${USER_SECRET}`).toString('base64')}`, /Bearer/],
    ['a bare key', USER_SECRET, /Bearer scheme/],
  ])('answers %s with 401 and the error body', async (_name, authorization, detail) => {
    const res = await sut
      .get(OHLC, authorization ? { Authorization: authorization } : {})
      .expect(401);
    expect(res.body).toEqual({
      detail: expect.any(String),
      code: 'UNAUTHORIZED',
      message: res.body.detail,
    });
    expect(res.body.detail).toMatch(detail);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('serves a user key, and rejects it on the admin route with 403', async () => {
    const ok = await sut.get(OHLC, as(USER_SECRET)).expect(200);
    expect(ok.headers['x-cache-source']).toBe('live-api');

    const forbidden = await sut.delete(ADMIN, as(USER_SECRET)).expect(403);
    expect(forbidden.body).toEqual({
      detail: 'This route needs an admin key; key "dashboard" has role user',
      code: 'FORBIDDEN',
      message: 'This route needs an admin key; key "dashboard" has role user',
    });
  });

  it('lets an admin key configured as a hash invalidate a ticker on every instance', async () => {
    // Both instances hold AAPL in memory.
    await other.get(OHLC, as(USER_SECRET)).expect(200);
    for (const app of [sut, other]) {
      const warm = await app.get(OHLC, as(USER_SECRET)).expect(200);
      expect(warm.headers['x-cache-source']).toBe('in-memory');
    }
    const callsBefore = sut.provider.calls.length + other.provider.calls.length;

    const res = await sut.delete(ADMIN, as(ADMIN_SECRET)).expect(200);
    // 21 daily candles and their coverage bucket.
    expect(res.body).toEqual({ ticker: 'AAPL', resolution: null, sources: ['demo'], removed: 22 });

    // The other instance keeps serving its memory until its copy of the generation is
    // l1.invalidationCheckMs (5 s) old, then rereads it: its next request goes upstream.
    const stale = await other.get(OHLC, as(USER_SECRET)).expect(200);
    expect(stale.headers['x-cache-source']).toBe('in-memory');
    clock.advance(5_000);
    const elsewhere = await other.get(OHLC, as(USER_SECRET)).expect(200);
    expect(elsewhere.headers['x-cache-source']).toBe('live-api');
    expect(other.provider.calls.length + sut.provider.calls.length).toBe(callsBefore + 1);

    // This instance's memory no longer serves AAPL at once: it reads the refill from L2.
    const here = await sut.get(OHLC, as(USER_SECRET)).expect(200);
    expect(here.headers['x-cache-source']).toBe('persistent-cache');
  });

  it('removes only the resolution asked for, and refuses an unknown one with 422', async () => {
    await sut.get(OHLC, as(USER_SECRET)).query({ resolution: '60', range: '1W' }).expect(200);
    const res = await sut.delete(ADMIN, as(ADMIN_SECRET)).query({ resolution: '1h' }).expect(200);
    expect(res.body).toMatchObject({ resolution: '60', removed: expect.any(Number) });
    expect(res.body.removed).toBeGreaterThan(0);
    // The generation is per ticker, so memory is dropped for every resolution; the daily
    // candles are still in L2.
    const calls = sut.provider.calls.length;
    const daily = await sut.get(OHLC, as(USER_SECRET)).expect(200);
    expect(daily.headers['x-cache-source']).toBe('persistent-cache');
    expect(sut.provider.calls).toHaveLength(calls);

    const bad = await sut
      .delete(ADMIN, as(ADMIN_SECRET))
      .query({ resolution: 'weekly' })
      .expect(422);
    expect(bad.body.code).toBe('UNKNOWN_RESOLUTION');
  });

  it('grants an allowed origin its 401, so the dashboard can show the error', async () => {
    const res = await sut.get(OHLC, { Origin: DASHBOARD }).expect(401);
    expect(res.headers['access-control-allow-origin']).toBe(DASHBOARD);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.body.code).toBe('UNAUTHORIZED');
  });

  it('serves /metrics without a key by default, and only to an admin key when told', async () => {
    await sut.get('/metrics').expect(200);
    const closed = await createTestApp({
      clock,
      env: { API_KEYS, METRICS_PUBLIC: 'false' },
      sharedL2: table,
      logger: logs,
    });
    try {
      const anonymous = await closed.get('/metrics').expect(401);
      expect(anonymous.body.code).toBe('UNAUTHORIZED');
      await closed.get('/metrics', as(USER_SECRET)).expect(403);
      await closed.get('/metrics', as(ADMIN_SECRET)).expect(200);
    } finally {
      await closed.close();
    }
  });

  it('serves health and the API documentation without a key', async () => {
    const live = await sut.get('/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'ok' });
    await sut.get('/docs-json').expect(200);
  });

  it('logs key names, never secrets', () => {
    const text = logs.lines.join('\n');
    expect(text).toContain('key ops invalidated AAPL');
    expect(text).toMatch(/403 .*key "dashboard"/);
    expect(text).not.toContain(USER_SECRET);
    expect(text).not.toContain(ADMIN_SECRET);
  });
});
