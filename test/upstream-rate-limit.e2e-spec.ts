import { FixedClock } from '@app/market-hours/testing';
import { FakeTiingoServer, jsonAnswer } from '@app/market-data/testing';
import { sessionCandles } from './support/nyse';
import { suiteTestApp } from './support/test-app';

const KEY = 'tiingo-rate-limit-key';
const LIMIT = 3;
const TICKERS = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG', 'HHH'];

describe('Upstream budget (e2e)', () => {
  const clock = new FixedClock('2025-12-06T15:00:00Z');
  const tiingo = new FakeTiingoServer({ apiKey: KEY });
  const candles = sessionCandles('D', '2025-11-01T00:00:00Z', '2025-12-06T00:00:00Z');
  for (const t of TICKERS) tiingo.setCandles(t, 'D', candles);
  const sut = suiteTestApp({
    clock,
    upstream: tiingo,
    env: {
      TIINGO_RATE_LIMITS: `${LIMIT}/h`,
      // One client here: the whole budget is its to spend (the share is cold-flood's subject).
      FILL_MAX_CLIENT_BUDGET_PERCENT: '100',
    },
  });

  const get = (ticker: string) => sut.get(`/api/v2/tickers/${ticker}/ohlc`).query({ range: '1W' });

  it(`spends exactly ${LIMIT} upstream calls on ${LIMIT + 5} cold requests; the rest get 503 with Retry-After`, async () => {
    const responses = [];
    for (const t of TICKERS) responses.push(await get(t));
    expect(tiingo.requests).toHaveLength(LIMIT);
    expect(responses.slice(0, LIMIT).map((r) => r.status)).toEqual([200, 200, 200]);
    for (const res of responses.slice(LIMIT)) {
      expect(res.status).toBe(503);
      expect(res.body.detail).toMatch(/tiingo is rate limited and nothing is cached/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(3_600);
    }
  });

  it('keeps answering cached ranges while limited', async () => {
    const res = await get('AAA').expect(200);
    expect(res.headers['x-cache-source']).toBe('in-memory');
    expect(tiingo.requests).toHaveLength(LIMIT);
  });

  it('serves the cached part of a range, marked partial, while limited', async () => {
    const res = await sut.get('/api/v2/tickers/AAA/ohlc').query({ range: '1M' }).expect(200);
    expect(res.headers['x-cache-partial']).toBe('true');
    expect(res.body.count).toBe(5);
    expect(tiingo.requests).toHaveLength(LIMIT);
  });

  it('calls again once the window has passed, and honours a 429 Retry-After', async () => {
    clock.advance(3_600_000);
    tiingo.enqueue(jsonAnswer(429, { detail: 'slow down' }, { 'Retry-After': '120' }));
    const limited = await get('DDD').expect(503);
    expect(limited.headers['retry-after']).toBe('120');
    expect(tiingo.requests).toHaveLength(LIMIT + 1);

    await get('EEE').expect(503);
    expect(tiingo.requests).toHaveLength(LIMIT + 1);

    clock.advance(121_000);
    await get('EEE').expect(200);
    expect(tiingo.requests).toHaveLength(LIMIT + 2);
  });
});
