import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Candle } from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { FakeTiingoServer } from '@app/market-data/testing';
import { DYNAMODB_DOCUMENT_CLIENT, OhlcCacheCounters } from '@app/ohlc-cache';
import { sessionCandles } from './support/nyse';
import { createTestApp, type TestApp } from './support/test-app';

const KEY = 'tiingo-settlement-key';
/** Monday 2025-12-08, 16:05 New York: closed, but Tiingo settles daily rows at 20:00. */
const AFTER_CLOSE = '2025-12-08T21:05:00Z';
/** 20:30 and 20:31 New York: settled. */
const SETTLED = '2025-12-09T01:30:00Z';
const SETTLED_PLUS_A_MINUTE = '2025-12-09T01:31:00Z';
const MONDAY = Date.parse('2025-12-08T00:00:00Z');

type Row = { date: string; close: number };

/**
 * Settlement against a fake Tiingo that publishes (or corrects) Monday's
 * daily row only when the test says, on a clock the test sets.
 */
describe('Settlement and corrections (e2e)', () => {
  const clock = new FixedClock(AFTER_CLOSE);
  const tiingo = new FakeTiingoServer({ apiKey: KEY });
  const history = sessionCandles('D', '2025-11-17T00:00:00Z', '2025-12-08T00:00:00Z');
  const monday: Candle = {
    start: MONDAY,
    open: 100,
    high: 103,
    low: 99,
    close: 102,
    volume: 5_000,
  };
  let dataDir: string;
  const apps: TestApp[] = [];

  const instance = async () => {
    const app = await createTestApp({ clock, embeddedPath: dataDir, upstream: tiingo });
    apps.push(app);
    return app;
  };
  const restart = async () => {
    await apps.pop()?.close();
    return instance();
  };
  const week = async (app: TestApp, ticker: string) => {
    const res = await app.get(`/api/v2/tickers/${ticker}/ohlc`).query({ range: '1W' }).expect(200);
    return res.body.candles as Row[];
  };
  const dailyCalls = (ticker: string) =>
    tiingo.requests.filter((r) => r.path.toUpperCase() === `/TIINGO/DAILY/${ticker}/PRICES`);

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ohlc-settlement-'));
    clock.set(AFTER_CLOSE);
    tiingo.reset();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterAll(() => tiingo.close());

  it('fetches a day published after the close once it settles, and then never again', async () => {
    tiingo.setCandles('LATE', 'D', history);
    const early = await week(await instance(), 'LATE');
    expect(early.map((c) => c.date)).not.toContain('2025-12-08');

    tiingo.setCandles('LATE', 'D', [...history, monday]);
    clock.set(SETTLED);
    const app = await restart();
    const before = dailyCalls('LATE').length;
    const settled = await week(app, 'LATE');
    expect(settled[settled.length - 1]).toMatchObject({ date: '2025-12-08', close: 102 });
    const calls = dailyCalls('LATE').slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0].query.get('startDate')).toBe('2025-12-08');
    expect(calls[0].query.get('endDate')).toBe('2025-12-08');

    clock.set(SETTLED_PLUS_A_MINUTE);
    await week(app, 'LATE');
    expect(dailyCalls('LATE').slice(before)).toHaveLength(1);
  });

  it('asks at most once after settlement for a session upstream never returns', async () => {
    tiingo.setCandles('GONE', 'D', history);
    await week(await instance(), 'GONE');
    clock.set(SETTLED);
    const app = await restart();
    const before = dailyCalls('GONE').length;
    expect((await week(app, 'GONE')).map((c) => c.date)).not.toContain('2025-12-08');
    expect(dailyCalls('GONE').slice(before)).toHaveLength(1);

    clock.set(SETTLED_PLUS_A_MINUTE);
    await week(app, 'GONE');
    await week(await restart(), 'GONE');
    expect(dailyCalls('GONE').slice(before)).toHaveLength(1);
  });

  it('replaces a candle upstream corrected before settlement, in L1 and L2, once', async () => {
    tiingo.setCandles('CORR', 'D', [...history, monday]);
    const app = await instance();
    const early = await week(app, 'CORR');
    expect(early[early.length - 1]).toMatchObject({ date: '2025-12-08', close: 102 });

    tiingo.setCandles('CORR', 'D', [...history, { ...monday, high: 104, close: 103.5 }]);
    clock.set(SETTLED);
    const before = dailyCalls('CORR').length;
    const corrected = await week(app, 'CORR');
    expect(corrected[corrected.length - 1]).toMatchObject({ date: '2025-12-08', close: 103.5 });
    expect(dailyCalls('CORR').slice(before)).toHaveLength(1);
    expect(app.app.get(OhlcCacheCounters).provider('tiingo').corrections).toBe(1);

    const item = await app.app.get<DynamoDBDocumentClient>(DYNAMODB_DOCUMENT_CLIENT).send(
      new GetCommand({
        TableName: 'local-ohlc-cache',
        Key: { PK: 'CORR#tiingo', SK: 'D#2025-12-08T00:00:00Z' },
      }),
    );
    expect(item.Item).toMatchObject({ close: 103.5, high: 104 });
    expect(item.Item?.ttl).toBeUndefined();

    clock.set(SETTLED_PLUS_A_MINUTE);
    const later = await app.get('/api/v2/tickers/CORR/ohlc').query({ range: '1W' }).expect(200);
    expect(later.headers['x-cache-source']).toBe('in-memory');
    expect(later.body.candles[later.body.candles.length - 1].close).toBe(103.5);
    expect(dailyCalls('CORR').slice(before)).toHaveLength(1);
  });
});
