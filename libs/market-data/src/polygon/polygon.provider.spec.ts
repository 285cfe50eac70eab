import { ProviderPlanError } from '@app/ohlc-core';
import { jsonAnswer, ScriptedUpstreamServer } from '../testing/fake-upstream-server';
import { RecordingLogger } from '../testing/recording-logger';
import { syntheticCandles } from '../testing/synthetic-candles';
import { weekdaySessionCandleStart } from '../testing/weekday-session';
import { PolygonProvider } from './polygon.provider';

const API_KEY = 'polygon-secret-key-4242';
/** Monday 2025-06-02 (EDT: the session is 13:30Z–20:00Z). */
const MONDAY = Date.UTC(2025, 5, 2);
const DAY = { from: MONDAY, to: MONDAY + 86_400_000 };

const bar = (c: { start: number; open: number; high: number; low: number; close: number }) => ({
  t: c.start,
  o: c.open,
  h: c.high,
  l: c.low,
  c: c.close,
  v: 1000,
  vw: c.close,
  n: 12,
});

describe(PolygonProvider.name, () => {
  const server = new ScriptedUpstreamServer();
  let sut: PolygonProvider;

  beforeAll(() => server.start());
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
    sut = new PolygonProvider({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      isCandleStart: weekdaySessionCandleStart,
      logger: new RecordingLogger(),
      maxRetries: 0,
    });
  });

  it('assembles a range from pages linked by next_url, asking unadjusted and ascending', async () => {
    const candles = syntheticCandles('5', DAY, weekdaySessionCandleStart).map((c) => ({
      ...c,
      volume: 1000,
    }));
    const third = Math.ceil(candles.length / 3);
    const pages = [0, 1, 2].map((i) => candles.slice(i * third, (i + 1) * third).map(bar));
    const next = (cursor: string) => `${server.baseUrl}/v2/aggs/cursor?cursor=${cursor}`;
    server.enqueue(
      jsonAnswer(200, { status: 'OK', results: pages[0], next_url: next('p2') }),
      jsonAnswer(200, { status: 'OK', results: pages[1], next_url: next('p3') }),
      jsonAnswer(200, { status: 'OK', results: pages[2] }),
    );

    await expect(sut.fetchCandles('AAPL', '5', DAY)).resolves.toEqual(candles);

    expect(server.requests).toHaveLength(3);
    const [first] = server.requests;
    expect(first.path).toBe(`/v2/aggs/ticker/AAPL/range/5/minute/${DAY.from}/${DAY.to - 1}`);
    expect(Object.fromEntries(first.query)).toEqual({
      adjusted: 'false',
      sort: 'asc',
      limit: '50000',
    });
    expect(server.requests.map((r) => r.query.get('cursor'))).toEqual([null, 'p2', 'p3']);
    for (const r of server.requests) expect(r.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(server.requests.some((r) => r.rawUrl.includes(API_KEY))).toBe(false);
  });

  it('reads a NOT_AUTHORIZED 403 as a plan refusal', async () => {
    server.enqueue(
      jsonAnswer(403, {
        status: 'NOT_AUTHORIZED',
        message: 'You are not entitled to this data. Please upgrade your plan.',
      }),
    );
    await expect(sut.fetchCandles('AAPL', '5', DAY)).rejects.toBeInstanceOf(ProviderPlanError);
  });
});
