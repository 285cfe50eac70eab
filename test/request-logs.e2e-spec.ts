import { request as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FixedClock } from '@app/market-hours/testing';
import { FakeTiingoServer, jsonAnswer } from '@app/market-data/testing';
import { sessionCandles } from './support/nyse';
import { suiteTestApp } from './support/test-app';

const TIINGO_KEY = 'tiingo-log-secret-3c9e';
const CLIENT_SECRET = 'client-bearer-secret-51';
const QUERY_SECRET = 'query-secret-8d';
/** Saturday: everything fetched is final. */
const clock = new FixedClock('2025-12-06T15:00:00Z');

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly reqId?: string;
  readonly context?: string;
  readonly req?: { id: string; method: string; path: string };
  readonly res?: { statusCode: number; cacheSource?: string };
  readonly responseTime?: number;
}

describe('Structured request logs (e2e)', () => {
  const tiingo = new FakeTiingoServer({ apiKey: TIINGO_KEY }).setCandles(
    'AAPL',
    'D',
    sessionCandles('D', '2025-01-01T00:00:00Z', '2025-12-06T00:00:00Z'),
  );
  /** Exactly what the app wrote, chunk by chunk. */
  const written: string[] = [];
  const sut = suiteTestApp({
    clock,
    upstream: tiingo,
    logStream: { write: (chunk: string) => written.push(chunk) },
    env: { LOG_LEVEL: 'info' },
  });

  const lines = () => written.join('').split('\n').filter(Boolean);
  const parsed = () => lines().map((line) => JSON.parse(line) as LogLine);

  beforeAll(() => {
    written.length = 0;
  });

  it('writes one JSON line per request, with its id, and nothing forged or secret', async () => {
    const given = await sut
      .get('/api/v2/tickers/AAPL/ohlc?range=1M', {
        'X-Request-Id': 'dash-42.a_b',
        Authorization: `Bearer ${CLIENT_SECRET}`,
      })
      .expect(200);
    const tooLong = await sut
      .get('/api/v2/tickers/AAPL/ohlc?range=1M', { 'X-Request-Id': 'x'.repeat(65) })
      .expect(200);
    const forged = await sut
      .get(`/api/v2/tickers/${encodeURIComponent('AAPL\r\n{"level":30,"msg":"forged"}')}/ohlc`)
      .expect(400);
    const queried = await sut
      .get(`/api/v2/tickers/AAPL/ohlc?range=1M&api_key=${QUERY_SECRET}`)
      .expect(200);
    tiingo.enqueue(...Array.from({ length: 3 }, () => jsonAnswer(502, {})));
    const failed = await sut
      .get('/api/v2/tickers/AAPL/ohlc?start_date=2025-03-03&end_date=2025-03-07', {
        'X-Request-Id': 'fails-1',
      })
      .expect(503);

    // Every line is one JSON object: a CR/LF in the input stayed inside its string.
    expect(() => parsed()).not.toThrow();
    expect(lines().some((line) => line.startsWith('{"level":30,"msg":"forged"'))).toBe(false);
    const requests = parsed().filter((line) => line.req !== undefined);
    const ids = [given, tooLong, forged, queried, failed].map((r) => r.headers['x-request-id']);
    expect(ids[0]).toBe('dash-42.a_b');
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[4]).toBe('fails-1');
    expect(requests.map((line) => line.reqId)).toEqual(ids);
    expect(
      requests.map((line) => [line.req?.method, line.req?.path, line.res?.statusCode]),
    ).toEqual([
      ['GET', '/api/v2/tickers/AAPL/ohlc', 200],
      ['GET', '/api/v2/tickers/AAPL/ohlc', 200],
      [
        'GET',
        '/api/v2/tickers/AAPL%0D%0A%7B%22level%22%3A30%2C%22msg%22%3A%22forged%22%7D/ohlc',
        400,
      ],
      ['GET', '/api/v2/tickers/AAPL/ohlc', 200],
      ['GET', '/api/v2/tickers/AAPL/ohlc', 503],
    ]);
    expect(requests.map((line) => line.res?.cacheSource)).toEqual([
      'live-api',
      'in-memory',
      undefined,
      'in-memory',
      undefined,
    ]);
    expect(requests.every((line) => typeof line.responseTime === 'number')).toBe(true);
    // The libraries' own lines are JSON too, and carry the id of the request they ran in.
    expect(parsed()).toContainEqual(
      expect.objectContaining({ context: 'OhlcService', reqId: 'fails-1', level: 40 }),
    );
    for (const secret of [TIINGO_KEY, CLIENT_SECRET, QUERY_SECRET]) {
      expect(lines().filter((line) => line.includes(secret))).toEqual([]);
    }
  });

  it('writes a line for a request the client gave up on', async () => {
    tiingo.enqueue({ kind: 'hang' });
    await sut.app.listen(0, '127.0.0.1');
    const { port } = sut.app.getHttpServer().address() as AddressInfo;
    written.length = 0;
    await new Promise<void>((resolve) => {
      const client = httpGet({
        port,
        host: '127.0.0.1',
        path: '/api/v2/tickers/AAPL/ohlc?start_date=2024-03-04&end_date=2024-03-08',
        headers: { 'X-Request-Id': 'gave-up-1' },
      });
      client.on('error', () => resolve());
      client.end();
      // Gone while the upstream call hangs.
      setTimeout(() => client.destroy(), 200);
    });
    const deadline = Date.now() + 5_000;
    while (!parsed().some((line) => line.reqId === 'gave-up-1') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    expect(parsed().filter((line) => line.reqId === 'gave-up-1' && line.req)).toEqual([
      expect.objectContaining({
        level: 40,
        req: { id: 'gave-up-1', method: 'GET', path: '/api/v2/tickers/AAPL/ohlc' },
        msg: 'GET /api/v2/tickers/AAPL/ohlc aborted by the client',
      }),
    ]);
  });
});
