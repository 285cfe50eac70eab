import { ProviderPlanError } from '@app/ohlc-core';
import { jsonAnswer, ScriptedUpstreamServer } from '../testing/fake-upstream-server';
import { RecordingLogger } from '../testing/recording-logger';
import { syntheticCandles } from '../testing/synthetic-candles';
import { weekdaySessionCandleStart } from '../testing/weekday-session';
import { AlpacaProvider, type AlpacaProviderOptions } from './alpaca.provider';

const KEY_ID = 'alpaca-key-id-4242';
const SECRET = 'alpaca-secret-4242';
/** Monday 2025-06-02 (EDT: the session is 13:30Z–20:00Z). */
const MONDAY = Date.UTC(2025, 5, 2);
const DAY = { from: MONDAY, to: MONDAY + 86_400_000 };

describe(AlpacaProvider.name, () => {
  const server = new ScriptedUpstreamServer();
  const create = (options: Partial<AlpacaProviderOptions> = {}) =>
    new AlpacaProvider({
      apiKey: KEY_ID,
      secretKey: SECRET,
      baseUrl: server.baseUrl,
      isCandleStart: weekdaySessionCandleStart,
      logger: new RecordingLogger(),
      maxRetries: 0,
      ...options,
    });

  beforeAll(() => server.start());
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it('assembles a range from pages linked by page_token, raw, on the iex feed by default', async () => {
    const sut = create();
    const candles = syntheticCandles('5', DAY, weekdaySessionCandleStart).map((c) => ({
      ...c,
      volume: 1000,
    }));
    const third = Math.ceil(candles.length / 3);
    const bars = [0, 1, 2].map((i) =>
      candles.slice(i * third, (i + 1) * third).map((c) => ({
        t: new Date(c.start).toISOString().replace('.000Z', 'Z'),
        o: c.open,
        h: c.high,
        l: c.low,
        c: c.close,
        v: 1000,
        n: 9,
        vw: c.close,
      })),
    );
    server.enqueue(
      jsonAnswer(200, { symbol: 'AAPL', bars: bars[0], next_page_token: 'tok2' }),
      jsonAnswer(200, { symbol: 'AAPL', bars: bars[1], next_page_token: 'tok3' }),
      jsonAnswer(200, { symbol: 'AAPL', bars: bars[2], next_page_token: null }),
    );

    await expect(sut.fetchCandles('AAPL', '5', DAY)).resolves.toEqual(candles);

    expect(server.requests.map((r) => r.path)).toEqual(Array(3).fill('/v2/stocks/AAPL/bars'));
    expect(server.requests.map((r) => r.query.get('page_token'))).toEqual([null, 'tok2', 'tok3']);
    const first = Object.fromEntries(server.requests[0].query);
    expect(first).toEqual({
      timeframe: '5Min',
      start: '2025-06-02T00:00:00.000Z',
      end: '2025-06-02T23:59:59.999Z',
      adjustment: 'raw',
      feed: 'iex',
      limit: '10000',
    });
    for (const r of server.requests) {
      expect(r.headers['apca-api-key-id']).toBe(KEY_ID);
      expect(r.headers['apca-api-secret-key']).toBe(SECRET);
    }
    expect(sut.volumeScope['5']).toBe('exchange-only');
  });

  it('labels sip volume consolidated and asks for the sip feed', async () => {
    const sut = create({ feed: 'sip' });
    server.enqueue(jsonAnswer(200, { symbol: 'AAPL', bars: null, next_page_token: null }));
    await expect(sut.fetchCandles('AAPL', '30', DAY)).resolves.toEqual([]);
    expect(server.requests[0].query.get('feed')).toBe('sip');
    expect(sut.volumeScope['60']).toBe('consolidated');
  });

  it('reads a subscription 403 as a plan refusal', async () => {
    server.enqueue(
      jsonAnswer(403, { message: 'subscription does not permit querying recent SIP data' }),
    );
    await expect(create({ feed: 'sip' }).fetchCandles('AAPL', '5', DAY)).rejects.toBeInstanceOf(
      ProviderPlanError,
    );
  });
});
