import { FixedClock } from '@app/market-hours/testing';
import { FakeTiingoServer, jsonAnswer } from '@app/market-data/testing';
import { sessionCandles } from './support/nyse';
import { suiteTestApp } from './support/test-app';

const TIINGO_KEY = 'tiingo-breaker-secret-77';
/** Saturday: everything fetched is final. */
const clock = new FixedClock('2025-12-06T15:00:00Z');
// Long enough that the breaker cannot half-open before the checks of the open state ran.
const HALF_OPEN_MS = 2_000;

describe('Circuit breaker per provider (e2e)', () => {
  const tiingo = new FakeTiingoServer({ apiKey: TIINGO_KEY }).setCandles(
    'AAPL',
    'D',
    sessionCandles('D', '2025-01-01T00:00:00Z', '2025-12-06T00:00:00Z'),
  );
  const sut = suiteTestApp({
    clock,
    upstream: tiingo,
    env: {
      UPSTREAM_BREAKER_FAILURES: '3',
      UPSTREAM_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS),
    },
  });

  const ohlc = (query: string) => sut.get(`/api/v2/tickers/AAPL/ohlc?${query}`);
  const month = (m: string) => `start_date=2025-${m}-01&end_date=2025-${m}-28`;

  it('opens after repeated failures, serves the cache flagged, and closes when upstream recovers', async () => {
    const warm = await ohlc('range=1M').expect(200);
    expect(warm.headers['x-cache-source']).toBe('live-api');

    // Upstream fails: every answer a 502 (each failed call is the adapter's three attempts).
    tiingo.enqueue(...Array.from({ length: 50 }, () => jsonAnswer(502, {})));
    for (const m of ['06', '07', '08']) await ohlc(month(m)).expect(503);
    const reachedUpstream = tiingo.requests.length;
    expect(reachedUpstream).toBe(1 + 3 * 3);

    // Open: the cached part is served, flagged, and upstream is not called.
    const partial = await ohlc('range=3M').expect(200);
    expect(partial.headers['x-cache-partial']).toBe('true');
    expect(partial.headers['x-cache-source']).toBe('persistent-cache');
    expect(partial.body.count).toBe(warm.body.count);
    // Nothing cached: a 503 saying when to come back.
    const refused = await ohlc(month('03')).expect(503);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(2);
    expect(refused.body.detail).toContain('circuit breaker open');
    expect(tiingo.requests).toHaveLength(reachedUpstream);
    const ready = await sut.get('/health/ready').expect(200);
    expect(ready.body.info.upstream.breakers).toEqual({ tiingo: 'open' });

    // Upstream recovers; after the pause one probe goes through and closes the breaker.
    tiingo.reset();
    await new Promise((resolve) => setTimeout(resolve, HALF_OPEN_MS + 100));
    const recovered = await ohlc('range=3M').expect(200);
    expect(recovered.headers['x-cache-source']).toBe('live-api');
    expect(recovered.headers['x-cache-partial']).toBeUndefined();
    expect(tiingo.requests).toHaveLength(1);
    await ohlc(month('03')).expect(200);
    const after = await sut.get('/health/ready').expect(200);
    expect(after.body.info.upstream.breakers).toEqual({ tiingo: 'closed' });
    const metrics = (await sut.get('/metrics').expect(200)).text;
    expect(metrics).toContain(
      'ohlc_upstream_calls_total{provider="tiingo",outcome="circuit_open"} 2',
    );
    expect(metrics).toContain(
      'ohlc_upstream_calls_total{provider="tiingo",outcome="unavailable"} 3',
    );
  }, 30_000);
});
