import type { FastifyRequest } from 'fastify';
import { loadAppConfig } from '../config/app-config';
import { Admission, type Verdict } from './admission';
import { ApiKeyService } from './api-key.service';
import { ClientThrottle } from './client-throttle';
import { FixedWindowThrottlerStorage } from './fixed-window.throttler-storage';
import type { RouteAccess } from './route-access';

const USER = 'user-secret-0123456789';
const ADMIN = 'admin-secret-0123456789';

/** The parts of a Fastify request admission reads. */
function requestWith(authorization?: string, ip = '10.0.0.1'): FastifyRequest {
  return {
    headers: authorization === undefined ? {} : { authorization },
    ip,
    raw: { socket: {} },
    method: 'GET',
    url: '/api/v2/tickers/AAPL/ohlc',
    routeOptions: { url: '/api/v2/tickers/:ticker/ohlc' },
  } as unknown as FastifyRequest;
}

describe(Admission.name, () => {
  const create = (env: Record<string, string> = {}) => {
    const config = loadAppConfig({
      API_KEYS: `dash:user:${USER},ops:admin:${ADMIN}`,
      ...env,
    });
    return new Admission(
      new ApiKeyService(config),
      new ClientThrottle(new FixedWindowThrottlerStorage(), null),
    );
  };
  const keyRoute: RouteAccess = { who: 'key', limit: 3 };
  const statusOf = (verdict: Verdict) => (verdict.admitted ? 200 : verdict.refusal.getStatus());

  it('admits a valid key within its budget, with the X-RateLimit-* headers', async () => {
    const sut = create();
    const verdict = await sut.admit(requestWith(`Bearer ${USER}`), keyRoute, false);
    expect(verdict).toEqual({
      admitted: true,
      headers: {
        'x-ratelimit-limit': '3',
        'x-ratelimit-remaining': '2',
        'x-ratelimit-reset': '60',
      },
    });
  });

  it('counts the budget before the key, so guessing keys is throttled too', async () => {
    const sut = create();
    const guesses: number[] = [];
    for (let i = 0; i < 4; i++) {
      guesses.push(
        statusOf(await sut.admit(requestWith('Bearer wrong-key-0123456789'), keyRoute, false)),
      );
    }
    expect(guesses).toEqual([401, 401, 401, 429]);
  });

  it('refuses a user key on an admin route with 403, and carries the budget headers', async () => {
    const sut = create();
    const verdict = await sut.admit(
      requestWith(`Bearer ${USER}`),
      { who: 'admin', limit: 3 },
      false,
    );
    expect(verdict.admitted).toBe(false);
    if (verdict.admitted) return;
    expect(verdict.refusal.getStatus()).toBe(403);
    expect(verdict.refusal.headers).toMatchObject({ 'x-ratelimit-remaining': '2' });
    expect(statusOf(await sut.admit(requestWith(`Bearer ${ADMIN}`), { who: 'admin' }, false))).toBe(
      200,
    );
  });

  it('remembers a refused caller even on the fast path, so it is not counted again as a stray', async () => {
    const sut = create();
    const refused = requestWith();
    await sut.admit(refused, keyRoute, false);
    expect(ApiKeyService.callerOf(refused)?.kind).toBe('anonymous');
    const admitted = requestWith(`Bearer ${USER}`);
    await sut.admit(admitted, keyRoute, false);
    expect(ApiKeyService.callerOf(admitted)).toBeUndefined();
  });

  it('gives the full path the refusal the fast path decided, without counting the request again', async () => {
    const sut = create();
    const fast = requestWith('Bearer wrong-key-0123456789');
    const refusedFast = await sut.admit(fast, keyRoute, false);
    const refusedFull = await sut.admit(fast, keyRoute, true);
    expect(refusedFull).toBe(refusedFast);
    // The address's second request of three: the one above was counted once.
    expect(await sut.admit(requestWith(undefined, '10.0.0.1'), keyRoute, true)).toMatchObject({
      refusal: { headers: { 'x-ratelimit-remaining': '1' } },
    });
  });

  it('lets anyone through where the route or the service is open', async () => {
    expect(statusOf(await create().admit(requestWith(), { who: 'anyone' }, false))).toBe(200);
    expect(
      statusOf(await create({ AUTH_DISABLED: 'true' }).admit(requestWith(), keyRoute, false)),
    ).toBe(200);
    const scrape = { who: 'scraper' } as const;
    expect(statusOf(await create().admit(requestWith(), scrape, false))).toBe(200);
    expect(
      statusOf(await create({ METRICS_PUBLIC: 'false' }).admit(requestWith(), scrape, false)),
    ).toBe(401);
  });
});
