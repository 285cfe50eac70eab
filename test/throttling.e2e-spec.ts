import { FixedClock } from '@app/market-hours/testing';
import { suiteTestApp } from './support/test-app';

const OHLC = '/api/v2/tickers/AAPL/ohlc';
const A = 'client-a-secret-0123456789';
const B = 'client-b-secret-0123456789';

/** Per-client throttling (docs/api.md#throttling). */
describe('Throttling (e2e)', () => {
  const sut = suiteTestApp({
    clock: new FixedClock('2025-12-06T15:00:00Z'),
    env: { API_KEYS: `a:user:${A},b:user:${B}`, RATE_LIMIT_PER_MINUTE: '3' },
  });

  const get = (path: string, secret?: string) =>
    sut.get(path, secret ? { Authorization: `Bearer ${secret}` } : {});

  it('answers a client over its limit with 429, Retry-After and the error body', async () => {
    for (let i = 0; i < 3; i++) await get(OHLC, A).expect(200);
    const res = await get(OHLC, A).expect(429);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.body).toEqual({
      detail: `Rate limit of 3 requests per minute exceeded; retry in ${retryAfter} s`,
      code: 'RATE_LIMITED',
      message: res.body.detail,
    });
    // One budget per client across routes: the admin route is no way around it.
    await sut.delete('/api/v2/admin/cache/AAPL', { Authorization: `Bearer ${A}` }).expect(429);
  });

  it('leaves another key unaffected', async () => {
    for (let i = 0; i < 3; i++) await get(OHLC, B).expect(200);
  });

  it('throttles requests without a valid key by address, so keys cannot be guessed freely', async () => {
    for (let i = 0; i < 3; i++) await get(OHLC, 'guess-0000000000000000').expect(401);
    const res = await get(OHLC, 'guess-1111111111111111').expect(429);
    expect(res.body.code).toBe('RATE_LIMITED');
  });

  it('never throttles health, even for an address over its limit', async () => {
    await get(OHLC).expect(429);
    for (let i = 0; i < 20; i++) {
      const live = await get('/health/live').expect(200);
      expect(live.body).toMatchObject({ status: 'ok' });
    }
  });
});
