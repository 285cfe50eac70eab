import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Candle } from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { FakeTiingoServer } from '@app/market-data/testing';
import { DYNAMODB_DOCUMENT_CLIENT } from '@app/ohlc-cache';
import { createTestApp, type TestApp } from './support/test-app';

const KEY = 'tiingo-adjustment-key';
type Row = { date: string; close: number; volume: number };

/** A daily row on `date` closing at `close` (open = close, a point either side). */
const bar = (date: string, close: number, volume: number, extra: Partial<Candle> = {}): Candle => ({
  start: Date.parse(`${date}T00:00:00Z`),
  open: close,
  high: close + 1,
  low: close - 1,
  close,
  volume,
  ...extra,
});

function expectRelative(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
}

/** Split- and dividend-adjusted views computed at read time (docs/api.md#adjusted-prices). */
describe('Adjusted prices (e2e)', () => {
  const tiingo = new FakeTiingoServer({ apiKey: KEY });
  const clock = new FixedClock('2025-12-13T15:00:00Z');
  let dataDir: string;
  let sut: TestApp;

  const get = async (ticker: string, query: Record<string, string>) => {
    const res = await sut.get(`/api/v2/tickers/${ticker}/ohlc`).query(query).expect(200);
    return res.body as { candles: Row[]; adjustment: string };
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ohlc-adjust-'));
    sut = await createTestApp({ clock, embeddedPath: dataDir, upstream: tiingo });
  });
  afterEach(async () => {
    await sut.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterAll(() => tiingo.close());

  it('shows a 4:1 split as a cliff raw, and divides earlier prices by 4 with splits', async () => {
    clock.set('2025-12-13T15:00:00Z');
    // Closes near 400 until Tuesday 2025-12-02; the split goes ex on Wednesday 12-03.
    const before = [
      '2025-11-24',
      '2025-11-25',
      '2025-11-26',
      '2025-11-28',
      '2025-12-01',
      '2025-12-02',
    ];
    const after = ['2025-12-03', '2025-12-04', '2025-12-05', '2025-12-08', '2025-12-09'];
    tiingo.setCandles('SPLT', 'D', [
      ...before.map((d, i) => bar(d, 400 + i, 1_000 + i)),
      ...after.map((d, i) => bar(d, 100 + i / 4, 4_000 + i, i === 0 ? { splitFactor: 4 } : {})),
    ]);
    const window = { start_date: '2025-11-24', end_date: '2025-12-05' };

    const raw = await get('SPLT', window);
    expect(raw.adjustment).toBe('raw');
    expect(raw.candles.map((c) => c.close)).toEqual([
      400, 401, 402, 403, 404, 405, 100, 100.25, 100.5,
    ]);

    const splits = await get('SPLT', { ...window, adjustment: 'splits' });
    expect(splits.adjustment).toBe('splits');
    splits.candles.slice(0, 6).forEach((c, i) => {
      expectRelative(c.close, raw.candles[i].close / 4);
      expectRelative(c.volume, raw.candles[i].volume * 4);
    });
    expect(splits.candles.slice(6)).toEqual(raw.candles.slice(6));

    // A week later upstream reports a 2:1 split on 2025-12-17: the same window changes,
    // and only the new week is written to L2.
    clock.set('2025-12-20T15:00:00Z');
    tiingo.setCandles('SPLT', 'D', [
      ...before.map((d, i) => bar(d, 400 + i, 1_000 + i)),
      ...after.map((d, i) => bar(d, 100 + i / 4, 4_000 + i, i === 0 ? { splitFactor: 4 } : {})),
      ...['2025-12-10', '2025-12-11', '2025-12-12', '2025-12-15', '2025-12-16'].map((d) =>
        bar(d, 101, 4_000),
      ),
      bar('2025-12-17', 50.5, 8_000, { splitFactor: 2 }),
      ...['2025-12-18', '2025-12-19'].map((d) => bar(d, 50.5, 8_000)),
    ]);
    const client = sut.app.get<DynamoDBDocumentClient>(DYNAMODB_DOCUMENT_CLIENT);
    const stored = () =>
      client.send(
        new GetCommand({
          TableName: 'local-ohlc-cache',
          Key: { PK: 'SPLT#tiingo', SK: 'D#2025-11-24T00:00:00Z' },
        }),
      );
    const storedBefore = (await stored()).Item;
    sut.dynamo.reset();

    const twice = await get('SPLT', { ...window, adjustment: 'splits' });
    twice.candles.slice(0, 6).forEach((c, i) => expectRelative(c.close, raw.candles[i].close / 8));
    twice.candles.slice(6).forEach((c, i) => expectRelative(c.close, raw.candles[6 + i].close / 2));
    // Dec 10–19 (8 sessions) in one batch; nothing of the window is written again.
    expect(sut.dynamo.count('BatchWriteItemCommand')).toBe(1);
    expect((await stored()).Item).toEqual(storedBefore);
  });

  it('adjusts for two dividends and a split with all, as worked out by hand', async () => {
    clock.set('2025-06-14T15:00:00Z');
    /*
     * - Wed 06-04 goes ex a 1.005 dividend; Tue closed at 100.50: earlier prices × 0.99.
     * - Mon 06-09 splits 2-for-1: earlier prices × 0.5.
     * - Wed 06-11 goes ex a 0.51 dividend; Tue closed at 102.00: earlier prices × 0.995.
     * Factors: 06-11/12: 1; 06-09/10: 0.995; 06-04/06: 0.4975; 06-02/03: 0.492525.
     */
    tiingo.setCandles('DIVS', 'D', [
      bar('2025-06-02', 100, 1_000),
      bar('2025-06-03', 100.5, 1_000),
      bar('2025-06-04', 99.6, 1_000, { divCash: 1.005 }),
      bar('2025-06-06', 200, 1_000),
      bar('2025-06-09', 101, 2_000, { splitFactor: 2 }),
      bar('2025-06-10', 102, 2_000),
      bar('2025-06-11', 101.8, 2_000, { divCash: 0.51 }),
      bar('2025-06-12', 102.4, 2_000),
    ]);
    const all = await get('DIVS', {
      start_date: '2025-06-02',
      end_date: '2025-06-12',
      adjustment: 'all',
    });
    expect(all.adjustment).toBe('all');
    const expected = [49.2525, 49.4987625, 49.551, 99.5, 100.495, 101.49, 101.8, 102.4];
    expect(all.candles).toHaveLength(expected.length);
    all.candles.forEach((c, i) => expectRelative(c.close, expected[i]));
  });

  it('refuses an unknown adjustment with a 400 that names the values', async () => {
    const res = await sut
      .get('/api/v2/tickers/SPLT/ohlc')
      .query({ adjustment: 'dividends' })
      .expect(400);
    expect(res.body.detail).toMatch(/adjustment must be one of raw, splits, all/);
  });
});
