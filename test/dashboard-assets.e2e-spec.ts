import { FixedClock } from '@app/market-hours/testing';
import { suiteTestApp } from './support/test-app';

/** The page and its files over HTTP, with API keys on (the browser suite drives the page itself). */
describe('Dashboard assets (e2e)', () => {
  const sut = suiteTestApp({
    clock: new FixedClock('2025-12-13T15:00:00Z'),
    env: { API_KEYS: 'dashboard:user:dashboard-assets-secret' },
  });

  it('serves the page at / without a key, under a CSP that runs only its own scripts', async () => {
    const res = await sut.get('/').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<script type="module" src="/dashboard/dashboard.js"></script>');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it.each([
    ['/dashboard/dashboard.js', 'application/javascript; charset=utf-8'],
    ['/dashboard/dashboard.css', 'text/css; charset=utf-8'],
    [
      '/dashboard/vendor/lightweight-charts.standalone.production.mjs',
      'application/javascript; charset=utf-8',
    ],
  ])('serves %s from the package without a key', async (path, type) => {
    const res = await sut.get(path).expect(200);
    expect(res.headers['content-type']).toBe(type);
  });

  it.each([
    '/dashboard/index.html',
    '/dashboard/vendor/lightweight-charts.development.mjs',
    '/dashboard/vendor/package.json',
    '/dashboard/../package.json',
    '/dashboard/nothing.js',
  ])('answers %s with the API’s 404 body', async (path) => {
    const res = await sut.get(path).expect(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('still wants a key for the API the page calls', async () => {
    await sut.get('/api/v2/tickers/AAPL/ohlc').expect(401);
  });
});
