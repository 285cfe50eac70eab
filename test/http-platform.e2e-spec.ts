import request from 'supertest';
import { FixedClock } from '@app/market-hours/testing';
import { createTestApp, type TestApp } from './support/test-app';

const OHLC = '/api/v2/tickers/AAPL/ohlc';
const DASHBOARD = 'https://dashboard.example';

/** What the HTTP platform adds around the handlers: ETags, CORS, headers (docs/api.md). */
describe('HTTP platform (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({
      clock: new FixedClock('2025-12-06T15:00:00Z'),
      env: { CORS_ORIGINS: `${DASHBOARD},https://other.example` },
    });
  });
  afterAll(() => sut.close());

  it('tags a 200 with a weak ETag and answers a matching If-None-Match with 304', async () => {
    const first = await request(sut.app.getHttpServer()).get(OHLC).expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/".+"$/);

    const again = await request(sut.app.getHttpServer())
      .get(OHLC)
      .set('If-None-Match', etag)
      .expect(304);
    expect(again.text).toBe('');
    expect(again.headers['x-cache-source']).toBe('in-memory');

    const changed = await request(sut.app.getHttpServer())
      .get(OHLC)
      .query({ range: '1W' })
      .set('If-None-Match', etag)
      .expect(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('grants a configured origin and exposes the cache headers to it', async () => {
    const preflight = await request(sut.app.getHttpServer())
      .options(OHLC)
      .set('Origin', DASHBOARD)
      .set('Access-Control-Request-Method', 'GET')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(DASHBOARD);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET');

    const res = await request(sut.app.getHttpServer()).get(OHLC).set('Origin', DASHBOARD);
    expect(res.headers['access-control-allow-origin']).toBe(DASHBOARD);
    expect(res.headers['access-control-expose-headers']?.split(/, */)).toEqual([
      'X-Cache-Source',
      'X-Cache-Age',
      'X-Cache-Error',
      'X-Cache-Write-Error',
      'X-Cache-Partial',
      'Retry-After',
    ]);
  });

  it('grants nothing to an origin it was not told about', async () => {
    const res = await request(sut.app.getHttpServer())
      .get(OHLC)
      .set('Origin', 'https://evil.example')
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('names no framework and sends errors as JSON with their cache headers', async () => {
    const ok = await request(sut.app.getHttpServer()).get(OHLC).expect(200);
    expect(ok.headers['x-powered-by']).toBeUndefined();

    const missing = await request(sut.app.getHttpServer())
      .get(OHLC)
      .query({ start_date: '2025-11-27', end_date: '2025-11-27' })
      .expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect(missing.body).toEqual({ detail: 'No price data available for AAPL' });
    expect(missing.headers['x-cache-source']).toBeDefined();
    expect(missing.headers['x-cache-age']).toBeDefined();

    const elsewhere = await request(sut.app.getHttpServer()).get('/api/v1/nothing').expect(404);
    expect(elsewhere.body).toEqual({ detail: 'Cannot GET /api/v1/nothing' });
  });
});
