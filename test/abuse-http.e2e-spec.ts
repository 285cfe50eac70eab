import { connect, type AddressInfo } from 'node:net';
import type { Response } from 'supertest';
import { FixedClock } from '@app/market-hours/testing';
import { suiteTestApp } from './support/test-app';

const OHLC = '/api/v2/tickers/AAPL/ohlc';
const ADMIN = '/api/v2/admin/cache/AAPL';
const DASHBOARD = 'https://dashboard.example';
const USER = 'u:user:user-secret-of-24-chars';
const ADMIN_KEY = 'a:admin:admin-secret-of-24-chars';
const REQUEST_TIMEOUT_MS = 1_500;

/** What one raw connection got, and how long until the server closed it. */
interface RawOutcome {
  readonly response: string;
  readonly closedAfterMs: number;
}

/**
 * Sends `head`, then one byte of body every `dripMs` for as long as the
 * connection stays open (at most `giveUpMs`): a client that never finishes.
 */
function slowBody(port: number, head: string, dripMs: number, giveUpMs: number) {
  return new Promise<RawOutcome>((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let response = '';
    const drip = setInterval(() => socket.writable && socket.write('x'), dripMs);
    const giveUp = setTimeout(() => {
      clearInterval(drip);
      socket.destroy();
      reject(new Error(`still open after ${giveUpMs} ms: ${JSON.stringify(response)}`));
    }, giveUpMs);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk) => (response += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ response, closedAfterMs: Date.now() - started });
    });
  });
}

function expectContract(res: Response, code: string): void {
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toEqual({ detail: expect.any(String), code, message: res.body.detail });
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
}

/** docs/api.md#limits: no connection held open by a slow client, every refusal in the contract. */
describe('Abuse resistance of the HTTP platform (e2e)', () => {
  const sut = suiteTestApp({
    clock: new FixedClock('2025-12-06T15:00:00Z'),
    env: {
      CORS_ORIGINS: DASHBOARD,
      API_KEYS: `${USER},${ADMIN_KEY}`,
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    },
  });
  let port: number;

  beforeAll(async () => {
    await sut.app.listen(0, '127.0.0.1');
    port = (sut.app.getHttpServer().address() as AddressInfo).port;
  });

  it.each([
    ['POST', OHLC],
    ['OPTIONS', OHLC],
    ['DELETE', ADMIN],
  ])('cuts a slow body on %s %s at once, without a key', async (method, path) => {
    const head =
      `${method} ${path} HTTP/1.1\r\nHost: x\r\nOrigin: ${DASHBOARD}\r\n` +
      'Access-Control-Request-Method: GET\r\nContent-Type: application/json\r\n' +
      'Content-Length: 1000000\r\n\r\n';
    const outcome = await slowBody(port, head, 200, 10_000);
    expect(outcome.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
    expect(outcome.response).toMatch(/^HTTP\/1\.1 (204|408|413) /);
  });

  it('cuts a slow chunked body within the request timeout', async () => {
    const head =
      `OPTIONS ${OHLC} HTTP/1.1\r\nHost: x\r\nOrigin: ${DASHBOARD}\r\n` +
      'Access-Control-Request-Method: GET\r\nTransfer-Encoding: chunked\r\n\r\n';
    const outcome = await slowBody(port, head, 200, 10_000);
    expect(outcome.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
  });

  it('cuts a request whose headers never end with a 408 once the request timeout passes', async () => {
    const head = `GET ${OHLC} HTTP/1.1\r\nHost: x\r\nX-Slow: `;
    const outcome = await slowBody(port, head, 200, 10_000);
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(outcome.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
    expect(outcome.response).toMatch(/^HTTP\/1\.1 408 /);
    expect(outcome.response).toContain('"code":"REQUEST_TIMEOUT"');
    expect(outcome.response).toMatch(/x-request-id: [0-9a-f-]{36}/);
  });

  it('refuses a GET with a body at once, in the error body', async () => {
    const started = Date.now();
    const res = await sut
      .get(OHLC, {
        Authorization: 'Bearer user-secret-of-24-chars',
        'Content-Type': 'application/json',
      })
      .send('{"a":1}')
      .expect(413);
    expect(Date.now() - started).toBeLessThan(1_000);
    expectContract(res, 'REQUEST_BODY_REFUSED');
  });

  it.each([
    ['an unexpected content type', 'application/xml', '<a/>'],
    ['multipart', 'multipart/form-data; boundary=x', '--x--\r\n'],
  ])('answers %s in the contract', async (_name, type, body) => {
    const res = await sut.delete(ADMIN, { 'Content-Type': type }).send(body).expect(413);
    expectContract(res, 'REQUEST_BODY_REFUSED');
  });

  it('answers a bare preflight in the contract, with the id and security headers', async () => {
    const res = await sut.options(OHLC, { Origin: DASHBOARD }).expect(400);
    expectContract(res, 'BAD_REQUEST');
  });

  it('answers bad percent-encoding and oversized headers in the contract', async () => {
    const undecodable = await sut.get('/api/v2/tickers/%E0%A4%A/ohlc').expect(400);
    expectContract(undecodable, 'BAD_REQUEST');
    const huge = await sut.get(OHLC, { 'X-Pad': 'x'.repeat(20_000) }).expect(431);
    expectContract(huge, 'HEADERS_TOO_LARGE');
  });

  it('does not repeat the query string of an unmatched route', async () => {
    const res = await sut.get('/api/v1/nothing?token=do-not-echo-me').expect(404);
    expect(JSON.stringify(res.body)).not.toContain('do-not-echo-me');
    expect(res.body.detail).toBe('Cannot GET /api/v1/nothing');
  });
});

describe('Refusals no guard sees (e2e)', () => {
  const sut = suiteTestApp({
    clock: new FixedClock('2025-12-06T15:00:00Z'),
    env: { API_KEYS: USER, RATE_LIMIT_PER_MINUTE: '3' },
  });

  it('counts unmatched routes and malformed URLs against the caller, then answers 429', async () => {
    const auth = { Authorization: 'Bearer user-secret-of-24-chars' };
    await sut.get('/nothing', auth).expect(404);
    await sut.get('/api/v2/tickers/%E0%A4%A/ohlc', auth).expect(400);
    await sut.get('/elsewhere', auth).expect(404);
    const over = await sut.get('/nothing', auth).expect(429);
    expectContract(over, 'RATE_LIMITED');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // The same budget as the routes': the key's next real request is refused too.
    await sut.get(OHLC, auth).expect(429);
    // Health probes are never throttled.
    await sut.get('/health/live').expect(200);
  });
});
