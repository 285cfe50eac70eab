import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OhlcService } from '@app/ohlc-cache';
import { FixedClock } from '@app/market-hours/testing';
import { createTestApp, type TestApp } from './support/test-app';

/** Saturday: the market is closed, so everything fetched is final. */
const SATURDAY = '2025-12-06T15:00:00Z';
const OHLC = '/api/v2/tickers/aapl/ohlc';

describe('OHLC read path (e2e)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ohlc-e2e-'));
  const clock = new FixedClock(SATURDAY);
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ embeddedPath: dataDir, clock });
  });
  afterAll(async () => {
    await sut.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fetches a cold range from upstream once and writes it through', async () => {
    const res = await sut.get(OHLC).query({ range: '1M', resolution: 'D' }).expect(200);

    expect(res.headers['x-cache-source']).toBe('live-api');
    expect(res.headers['x-cache-age']).toBe('0');
    expect(sut.provider.calls).toHaveLength(1);
    expect(res.body).toMatchObject({
      ticker: 'AAPL',
      time_range: '1M',
      source: 'demo',
      resolution: 'D',
      resolution_fallback: false,
      fallback_message: null,
      start_date: '2025-11-06',
      end_date: '2025-12-05',
      cache_expires_at: '2025-12-08T14:30:00Z',
    });
    // 21 sessions: 2025-11-27 (Thanksgiving) is closed, weekends have none.
    expect(res.body.count).toBe(21);
    expect(res.body.candles).toHaveLength(21);
    expect(res.body.candles.map((c: { date: string }) => c.date)).not.toContain('2025-11-27');
    for (const c of res.body.candles as Record<string, number>[]) {
      expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
      expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
    }
  });

  it('answers the same request from memory without calling upstream', async () => {
    const res = await sut.get(OHLC).query({ range: '1M', resolution: 'D' }).expect(200);
    expect(res.headers['x-cache-source']).toBe('in-memory');
    expect(sut.provider.calls).toHaveLength(1);
  });

  it('answers a sub-range of loaded data from memory with no L2 query', async () => {
    sut.dynamo.reset();
    const res = await sut.get(OHLC).query({ range: '1W', resolution: 'D' }).expect(200);
    expect(res.headers['x-cache-source']).toBe('in-memory');
    expect(res.body.count).toBe(5);
    expect(sut.dynamo.count('QueryCommand')).toBe(0);
    expect(sut.provider.calls).toHaveLength(1);
  });

  it('does not answer a range only partly in memory as a hit', async () => {
    const res = await sut.get(OHLC).query({ range: '3M', resolution: 'D' }).expect(200);
    expect(res.headers['x-cache-source']).toBe('live-api');
    expect(res.body.start_date).toBe('2025-09-08');
    expect(sut.provider.calls).toHaveLength(2);
  });

  it('stores a month of 5-minute candles', async () => {
    const res = await sut.get(OHLC).query({ range: '1M', resolution: '5' }).expect(200);
    expect(res.headers['x-cache-source']).toBe('live-api');
    // 20 full sessions of 78 candles and the 2025-11-28 early close of 42.
    expect(res.body.count).toBe(20 * 78 + 42);
    expect(res.body.candles[0].date).toBe('2025-11-06T14:30:00Z');
  });

  describe('after a restart on the same L2 data', () => {
    let restarted: TestApp;

    beforeAll(async () => {
      await sut.close();
      restarted = await createTestApp({ embeddedPath: dataDir, clock });
      sut = restarted;
    });

    it('answers from the persistent cache without calling upstream', async () => {
      const res = await restarted.get(OHLC).query({ range: '1M', resolution: 'D' }).expect(200);
      expect(res.headers['x-cache-source']).toBe('persistent-cache');
      expect(Number(res.headers['x-cache-age'])).toBe(0);
      expect(res.body.count).toBe(21);
      expect(restarted.provider.calls).toHaveLength(0);
    });

    it('serves a 2-hour window of the stored month with exactly one Query', async () => {
      restarted.dynamo.reset();
      const from = Date.parse('2025-11-19T15:00:00Z');
      const result = await restarted.app
        .get(OhlcService)
        .getCandles({ ticker: 'AAPL', resolution: '5', range: { from, to: from + 2 * 3_600_000 } });
      expect(result.layer).toBe('persistent-cache');
      expect(result.candles).toHaveLength(24);
      expect(result.candles[0].start).toBe(from);
      expect(result.candles[23].start).toBe(from + 23 * 5 * 60_000);
      expect(restarted.dynamo.count('QueryCommand')).toBe(1);
      expect(restarted.provider.calls).toHaveLength(0);
    });

    it('reports the age of cached data once time has passed', async () => {
      clock.advance(90_000);
      const res = await restarted.get(OHLC).query({ range: '1M', resolution: '5' }).expect(200);
      expect(res.headers['x-cache-source']).toBe('persistent-cache');
      expect(res.headers['x-cache-age']).toBe('90');
    });
  });
});
