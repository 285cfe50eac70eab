import { FixedClock } from '@app/market-hours/testing';
import { suiteTestApp } from './support/test-app';

const OHLC = '/api/v2/tickers/AAPL/ohlc';
const DASHBOARD = 'https://dashboard.example';

/** What the HTTP platform adds around the handlers: ETags, CORS, headers (docs/api.md). */
describe('HTTP platform (e2e)', () => {
  const sut = suiteTestApp({
    clock: new FixedClock('2025-12-06T15:00:00Z'),
    env: { CORS_ORIGINS: `${DASHBOARD},https://other.example` },
  });

  it('tags a 200 with a weak ETag and answers a matching If-None-Match with 304', async () => {
    const first = await sut.get(OHLC).expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/".+"$/);

    const again = await sut.get(OHLC, { 'If-None-Match': etag }).expect(304);
    expect(again.text).toBe('');
    expect(again.headers['x-cache-source']).toBe('in-memory');

    const changed = await sut
      .get(OHLC, { 'If-None-Match': etag })
      .query({ range: '1W' })
      .expect(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('grants a configured origin and exposes the cache headers to it', async () => {
    const preflight = await sut
      .options(OHLC, { Origin: DASHBOARD, 'Access-Control-Request-Method': 'GET' })
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(DASHBOARD);
    // GET for the dashboard, DELETE for the admin invalidation; nothing else.
    expect(preflight.headers['access-control-allow-methods']?.split(/, */)).toEqual([
      'GET',
      'DELETE',
    ]);

    const res = await sut.get(OHLC, { Origin: DASHBOARD });
    expect(res.headers['access-control-allow-origin']).toBe(DASHBOARD);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-expose-headers']?.split(/, */)).toEqual([
      'X-Cache-Source',
      'X-Cache-Age',
      'X-Cache-Error',
      'X-Cache-Write-Error',
      'X-Cache-Partial',
      'Retry-After',
      'X-Request-Id',
    ]);
  });

  it('grants nothing to an origin it was not told about', async () => {
    const res = await sut.get(OHLC, { Origin: 'https://evil.example' }).expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('grants a credentialed preflight from an allowed origin, echoing it, with Authorization', async () => {
    const res = await sut
      .options(OHLC, {
        Origin: DASHBOARD,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      })
      .expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(DASHBOARD);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-headers']?.toLowerCase().split(/, */)).toContain(
      'authorization',
    );
    expect(res.headers.vary).toMatch(/Origin/);
  });

  it('gives a credentialed preflight from another origin no grant at all', async () => {
    const res = await sut.options(OHLC, {
      Origin: 'https://evil.example',
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'authorization',
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers['access-control-allow-headers']).toBeUndefined();
    expect(res.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('sends security headers', async () => {
    const res = await sut.get(OHLC).expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  it('refuses over-long URLs and parameter floods with the error body', async () => {
    const long = await sut
      .get(OHLC)
      .query({ pad: 'x'.repeat(2_100) })
      .expect(414);
    expect(long.body).toMatchObject({ code: 'URI_TOO_LONG' });
    const query = Array.from({ length: 21 }, (_, i) => `p${i}=1`).join('&');
    const flood = await sut.get(`${OHLC}?${query}`).expect(400);
    expect(flood.body).toMatchObject({ code: 'TOO_MANY_PARAMETERS' });
    // Refused before any routing work, still with the headers every response carries.
    for (const refused of [long, flood]) {
      expect(refused.headers['x-content-type-options']).toBe('nosniff');
      expect(refused.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const undecodable = await sut.get('/api/v2/tickers/%E0%A4%A/ohlc').expect(400);
    expect(undecodable.body).toMatchObject({
      code: 'BAD_REQUEST',
      message: undecodable.body.detail,
    });
    const huge = await sut.get(OHLC, { 'X-Pad': 'x'.repeat(20_000) }).expect(431);
    expect(huge.body).toMatchObject({ code: 'HEADERS_TOO_LARGE' });
  });

  it('names no framework and sends errors as JSON with their cache headers', async () => {
    const ok = await sut.get(OHLC).expect(200);
    expect(ok.headers['x-powered-by']).toBeUndefined();

    const missing = await sut
      .get(OHLC)
      .query({ start_date: '2025-11-27', end_date: '2025-11-27' })
      .expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect(missing.body).toEqual({
      detail: 'No price data available for AAPL',
      code: 'NO_DATA',
      message: 'No price data available for AAPL',
    });
    expect(missing.headers['x-cache-source']).toBeDefined();
    expect(missing.headers['x-cache-age']).toBeDefined();

    const elsewhere = await sut.get('/api/v1/nothing').expect(404);
    expect(elsewhere.body).toEqual({
      detail: 'Cannot GET /api/v1/nothing',
      code: 'NOT_FOUND',
      message: 'Cannot GET /api/v1/nothing',
    });
  });
});
