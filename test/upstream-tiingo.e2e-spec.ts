import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DYNAMODB_DOCUMENT_CLIENT } from '@app/ohlc-cache';
import { FixedClock } from '@app/market-hours/testing';
import { FakeTiingoServer } from '@app/market-data/testing';
import { CapturedLogs } from './support/captured-logs';
import { sessionCandles } from './support/nyse';
import { createTestApp, suiteTestApp } from './support/test-app';

const TIINGO_KEY = 'tiingo-e2e-secret-5f0c1a';
/** Saturday: everything fetched is final. */
const clock = new FixedClock('2025-12-06T15:00:00Z');

describe('Tiingo upstream (e2e)', () => {
  const daily = sessionCandles('D', '2025-01-01T00:00:00Z', '2025-12-06T00:00:00Z');
  const tiingo = new FakeTiingoServer({ apiKey: TIINGO_KEY })
    .setCandles('AAPL', 'D', daily)
    .setCandles('AAPL', '5', sessionCandles('5', '2025-11-01T00:00:00Z', '2025-12-06T00:00:00Z'))
    .setCandles('OTCX', 'D', daily);
  const logs = new CapturedLogs();
  const sut = suiteTestApp({ clock, upstream: tiingo, logger: logs });

  const get = (ticker: string, query: Record<string, string>) =>
    sut.get(`/api/v2/tickers/${ticker}/ohlc`).query(query);

  beforeEach(() => tiingo.requests.splice(0));

  it('serves Tiingo candles under source tiingo and caches them in L2 as AAPL#tiingo', async () => {
    const res = await get('AAPL', { range: '1M', resolution: 'D' }).expect(200);
    expect(res.headers['x-cache-source']).toBe('live-api');
    expect(res.body).toMatchObject({ source: 'tiingo', count: 21, start_date: '2025-11-06' });
    expect(tiingo.requests.map((r) => r.path)).toEqual(['/tiingo/daily/AAPL/prices']);
    expect(tiingo.requests[0].headers.authorization).toBe(`Token ${TIINGO_KEY}`);
    expect(tiingo.requests[0].query.get('startDate')).toBe('2025-11-06');

    const again = await get('AAPL', { range: '1M', resolution: 'D' }).expect(200);
    expect(again.headers['x-cache-source']).toBe('in-memory');
    expect(tiingo.requests).toHaveLength(1);
  });

  it('stores the candles in the L2 partition of the provider that produced them', async () => {
    const client = sut.app.get<DynamoDBDocumentClient>(DYNAMODB_DOCUMENT_CLIENT);
    const items = await client.send(
      new QueryCommand({
        TableName: 'local-ohlc-cache',
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'AAPL#tiingo' },
      }),
    );
    expect(items.Items?.filter((i) => String(i.SK).startsWith('D#'))).toHaveLength(21);
  });

  it('asks the IEX feed for intraday candles with resampleFreq and volume', async () => {
    const res = await get('AAPL', { range: '1W', resolution: '5' }).expect(200);
    expect(res.body).toMatchObject({
      source: 'tiingo',
      resolution: '5',
      resolution_fallback: false,
    });
    expect(res.body.count).toBe(5 * 78);
    const [call] = tiingo.requests;
    expect(call.path).toBe('/iex/AAPL/prices');
    expect(call.query.get('resampleFreq')).toBe('5min');
    expect(call.query.get('columns')).toBe('open,high,low,close,volume');
  });

  it('falls back to daily candles when a ticker has no intraday data', async () => {
    const res = await get('OTCX', { range: '1W', resolution: '15' }).expect(200);
    expect(res.body).toMatchObject({
      ticker: 'OTCX',
      source: 'tiingo',
      resolution: 'D',
      resolution_fallback: true,
      time_range: '1W',
      count: 5,
    });
    expect(res.body.fallback_message).toMatch(
      /Intraday data \(resolution 15\) is not available for OTCX/,
    );
    expect(res.body.candles[0].date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(tiingo.requests.map((r) => r.path)).toEqual([
      '/iex/OTCX/prices',
      '/tiingo/daily/OTCX/prices',
    ]);
  });

  it('answers 404 for a ticker Tiingo does not know', async () => {
    const res = await get('NOPE', { range: '1W' }).expect(404);
    expect(res.body).toEqual({
      detail: 'No price data available for NOPE',
      code: 'NO_DATA',
      message: 'No price data available for NOPE',
    });
    expect(res.headers['x-cache-source']).toBe('live-api');
    expect(res.headers['x-cache-age']).toBe('0');
  });

  it('answers 503 naming the provider, not the key, when Tiingo rejects the key', async () => {
    const wrongKey = 'tiingo-wrong-key-9d2e';
    const misconfigured = await createTestApp({
      clock,
      upstream: tiingo,
      logger: logs,
      env: { TIINGO_API_KEY: wrongKey },
    });
    try {
      const res = await misconfigured.get('/api/v2/tickers/AAPL/ohlc').expect(503);
      expect(res.body.detail).toBe(
        'Upstream provider tiingo rejected the configured credentials; the operator must fix its API key',
      );
      expect(JSON.stringify(res.body)).not.toContain(wrongKey);
      expect(logs.lines.filter((line) => line.includes(wrongKey))).toEqual([]);
    } finally {
      await misconfigured.close();
    }
  });

  it('never writes the API key into a log line', () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.lines.filter((line) => line.includes(TIINGO_KEY))).toEqual([]);
  });
});
