import type { Response } from 'supertest';
import { FixedClock } from '@app/market-hours/testing';
import { OhlcApiService } from '../apps/api/src/ohlc/ohlc-api.service';
import { OhlcFastHits } from '../apps/api/src/ohlc/response-cache/ohlc-fast-hits';
import {
  RATE_LIMIT,
  RateLimit,
  REQUIRED_ROLE,
  RequireRole,
} from '../apps/api/src/auth/auth.decorators';
import { OhlcController } from '../apps/api/src/ohlc/ohlc.controller';
import { createTestApp, type TestApp } from './support/test-app';

const USER = 'user-secret-0123456789';
const DASHBOARD = 'https://dash.example.com';
/** Saturday: every candle of a window ending today is final until Monday's open. */
const SATURDAY = '2025-12-06T15:00:00Z';

/**
 * Headers that differ between any two answers of the same request: the
 * seconds to the window's end too, when a loaded machine spreads the
 * answers over a second boundary.
 */
const PER_ANSWER = new Set([
  'date',
  'x-request-id',
  'x-cache-age',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
]);
const stable = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_ANSWER.has(name)));

interface LogLine {
  readonly reqId?: string;
  readonly req?: { id: string; method: string; path: string };
  readonly res?: { statusCode: number; cacheSource?: string };
}

/**
 * `OhlcFastHits` answers kept responses from Fastify's first hooks: these
 * show it answers exactly as the full path would, and runs what must run.
 */
describe('OHLC fast hits (e2e)', () => {
  const written: string[] = [];
  let sut: TestApp;
  let handled: jest.SpyInstance;
  let fast: jest.SpyInstance;

  const start = async (env: Record<string, string>) => {
    sut = await createTestApp({
      clock: new FixedClock(SATURDAY),
      env: { CORS_ORIGINS: DASHBOARD, LOG_LEVEL: 'info', ...env },
      logStream: { write: (chunk: string) => written.push(chunk) },
    });
    // What reached the controller, and what the fast path answered.
    handled = jest.spyOn(sut.app.get(OhlcApiService), 'getOhlc');
    fast = jest.spyOn(sut.app.get(OhlcFastHits), 'answer');
    written.length = 0;
  };
  afterEach(() => sut?.close());

  const answeredFast = async (spy: jest.SpyInstance, call: number) =>
    (await spy.mock.results[call].value) as boolean;

  it.each([
    ['no Origin', {}],
    ['the allowed Origin', { Origin: DASHBOARD }],
    ['another Origin', { Origin: 'https://evil.example.com' }],
  ])('answers with %s exactly as the full path does', async (_name, origin) => {
    await start({ API_KEYS: `dash:user:${USER}` });
    const path = '/api/v2/tickers/SAME/ohlc?range=1M';
    const headers = { Authorization: `Bearer ${USER}`, ...origin };
    await sut.get(path, headers).expect(200);
    // The second answer comes through the controller from L1, the third from the fast path.
    const full = await sut.get(path, headers).expect(200);
    const hit = await sut.get(path, headers).expect(200);

    expect(handled).toHaveBeenCalledTimes(2);
    expect(await answeredFast(fast, 2)).toBe(true);
    expect(full.headers['x-cache-source']).toBe('in-memory');
    expect(stable(hit.headers)).toEqual(stable(full.headers));
    expect(hit.body).toEqual(full.body);
    expect(Number(hit.headers['x-ratelimit-remaining'])).toBe(
      Number(full.headers['x-ratelimit-remaining']) - 1,
    );
  });

  it('logs and counts the answers it gives like any other', async () => {
    await start({ API_KEYS: `dash:user:${USER}` });
    const path = '/api/v2/tickers/SEEN/ohlc?range=1W';
    const auth = { Authorization: `Bearer ${USER}` };
    await sut.get(path, auth).expect(200);
    await sut.get(path, auth).expect(200);
    const hit = await sut.get(`${path}`, { ...auth, 'X-Request-Id': 'fast-1' }).expect(200);
    const notModified = await sut
      .get(path, { ...auth, 'If-None-Match': hit.headers.etag })
      .expect(304);

    expect(notModified.text).toBe('');
    expect(handled).toHaveBeenCalledTimes(2);
    const lines = written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine)
      .filter((line) => line.req);
    expect(lines.map((line) => [line.res?.statusCode, line.res?.cacheSource])).toEqual([
      [200, 'live-api'],
      [200, 'in-memory'],
      [200, 'in-memory'],
      [304, 'in-memory'],
    ]);
    expect(lines[2]).toMatchObject({
      reqId: 'fast-1',
      req: { id: 'fast-1', method: 'GET', path: '/api/v2/tickers/SEEN/ohlc' },
    });
    const metrics = await sut.get('/metrics').expect(200);
    expect(metrics.text).toContain('ohlc_responses_total{source="in-memory"} 3');
    expect(metrics.text).toContain(
      'http_requests_total{method="GET",route="/api/v2/tickers/:ticker/ohlc",status="200"} 3',
    );
  });

  it('counts its answers against the caller’s limit, and leaves the 429 to the full path', async () => {
    await start({ API_KEYS: `dash:user:${USER}`, RATE_LIMIT_PER_MINUTE: '3' });
    const path = '/api/v2/tickers/LIMIT/ohlc?range=1W';
    const auth = { Authorization: `Bearer ${USER}` };
    const remaining = [];
    for (let i = 0; i < 3; i++) {
      remaining.push((await sut.get(path, auth).expect(200)).headers['x-ratelimit-remaining']);
    }
    const refused = await sut.get(path, auth).expect(429);

    expect(remaining).toEqual(['2', '1', '0']);
    expect(await answeredFast(fast, 2)).toBe(true);
    expect(await answeredFast(fast, 3)).toBe(false);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('throttles callers by address when no key is configured', async () => {
    await start({ API_KEYS: '', RATE_LIMIT_PER_MINUTE: '2' });
    const path = '/api/v2/tickers/OPEN/ohlc?range=1W';
    await sut.get(path).expect(200);
    await sut.get(path).expect(200);
    await sut.get(path).expect(429);
    expect(handled).toHaveBeenCalledTimes(2);
  });

  /**
   * A route given a stricter requirement than the app's (here by decorating
   * the controller for one test): the fast path applies the route's access
   * kept with the response, so it refuses exactly what the full path does.
   */
  describe('with a stricter route', () => {
    const ADMIN = 'admin-secret-0123456789';
    const callers = {
      'no key': {},
      'a wrong key': { Authorization: 'Bearer wrong-key-0123456789' },
      'a user key': { Authorization: `Bearer ${USER}` },
      'an admin key': { Authorization: `Bearer ${ADMIN}` },
    };
    const answerOf = (res: Response) => ({
      status: res.status,
      body: res.status === 200 ? undefined : (res.body as unknown),
      authenticate: res.headers['www-authenticate'],
    });

    afterEach(() => {
      Reflect.deleteMetadata(REQUIRED_ROLE, OhlcController);
      Reflect.deleteMetadata(RATE_LIMIT, OhlcController);
    });

    it('admin-only: the kept URL refuses every caller the full path refuses, with the same answer', async () => {
      RequireRole('admin')(OhlcController);
      await start({ API_KEYS: `dash:user:${USER},ops:admin:${ADMIN}` });
      const kept = '/api/v2/tickers/KEPT/ohlc?range=1W';
      const admin = callers['an admin key'];
      await sut.get(kept, admin).expect(200);
      await sut.get(kept, admin).expect(200);
      expect(handled).toHaveBeenCalledTimes(2);
      const fastAnswers = fast.mock.calls.length;

      for (const [name, headers] of Object.entries(callers)) {
        // The same route, by a URL never answered: the full path alone decides.
        const full = answerOf(await sut.get('/api/v2/tickers/NEVER/ohlc?range=1W', headers));
        const onKept = answerOf(await sut.get(kept, headers));
        expect({ caller: name, ...onKept }).toEqual({ caller: name, ...full });
      }
      expect(fast.mock.calls.length - fastAnswers).toBe(8);
      // Of the kept URL's four requests, the fast path answered the admin's alone.
      expect(handled).toHaveBeenCalledTimes(3);
    });

    it('a lower limit: the fast path counts against it and refuses where the full path does', async () => {
      RateLimit(3)(OhlcController);
      await start({ API_KEYS: `dash:user:${USER}`, RATE_LIMIT_PER_MINUTE: '600' });
      const path = '/api/v2/tickers/LOWER/ohlc?range=1W';
      const auth = callers['a user key'];
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await sut.get(path, auth));

      expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 429]);
      expect(await answeredFast(fast, 2)).toBe(true);
      expect(answers[2].headers['x-ratelimit-limit']).toBe('3');
      expect(answers[2].headers['x-ratelimit-remaining']).toBe('0');
      expect(await answeredFast(fast, 3)).toBe(false);
      expect(answers[3].body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(answers[3].headers['retry-after']).toBeDefined();
    });
  });
});
