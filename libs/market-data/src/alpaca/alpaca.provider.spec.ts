import {
  type Candle,
  DAY_MS,
  type Interval,
  ProviderPlanError,
  RateLimitedError,
} from '@app/ohlc-core';
import { FakeAlpacaServer } from '../testing/fake-alpaca-server';
import { serveFakes } from '../testing/fake-server-lifecycle';
import { jsonAnswer } from '../testing/fake-upstream-server';
import { extendedHours } from '../testing/held-candles';
import { ManualClock } from '../testing/manual-clock';
import { RecordingLogger } from '../testing/recording-logger';
import { syntheticCandles } from '../testing/synthetic-candles';
import { itPagesLikeABarFeed, PAGED_FEED_PAGE_SIZE } from '../testing/paged-bar-feed.contract';
import { itBehavesLikeAnUpstreamProvider } from '../testing/upstream-provider.contract';
import { weekdaySessionCandleStart } from '../testing/weekday-session';
import { AlpacaProvider, type AlpacaProviderOptions } from './alpaca.provider';

const KEY_ID = 'alpaca-key-id-4242';
const SECRET = 'alpaca-secret-4242';
/** Friday 2025-06-20 16:00 New York: the session is open. */
const NOW = Date.UTC(2025, 5, 20, 20, 0);
/** Monday 2025-06-02; New York is on EDT, so the session is 13:30Z–20:00Z. */
const MONDAY = Date.UTC(2025, 5, 2);
const day = (n: number) => MONDAY + n * DAY_MS;
const at = (n: number, hh: number, mm: number) => day(n) + (hh * 60 + mm) * 60_000;
const TUESDAY: Interval = { from: day(1), to: day(2) };
const WEEK: Interval = { from: day(0), to: day(7) };
const iso = (ms: number) => new Date(ms).toISOString();

const within = (candles: readonly Candle[], { from, to }: Interval) =>
  candles.filter((c) => c.start >= from && c.start < to);

describe(AlpacaProvider.name, () => {
  const fortnight = { from: day(0), to: day(21) };
  const extended = extendedHours(weekdaySessionCandleStart);
  /** Bars from 04:00 to 20:00 New York, as Alpaca serves them. */
  const fiveMinuteExtended = syntheticCandles('5', fortnight, extended);
  const fiveMinute = fiveMinuteExtended.filter((c) => weekdaySessionCandleStart('5', c.start));
  const keys = { keyId: KEY_ID, secretKey: SECRET, now: () => NOW };
  const server = new FakeAlpacaServer(keys);
  const paged = new FakeAlpacaServer({ ...keys, pageSize: PAGED_FEED_PAGE_SIZE });
  const limited = new FakeAlpacaServer({ ...keys, rateLimit: { limit: 2, windowMs: 60_000 } });
  serveFakes(server, paged, limited);
  let logger: RecordingLogger;
  let sut: AlpacaProvider;

  const create = (options: Partial<AlpacaProviderOptions> = {}) =>
    new AlpacaProvider({
      apiKey: KEY_ID,
      secretKey: SECRET,
      baseUrl: server.baseUrl,
      isCandleStart: weekdaySessionCandleStart,
      baseBackoffMs: 1,
      now: () => NOW,
      logger,
      ...options,
    });

  beforeAll(() => {
    for (const fake of [server, paged, limited]) fake.setCandles('AAPL', '5', fiveMinuteExtended);
  });

  beforeEach(() => {
    logger = new RecordingLogger();
    sut = create();
  });

  itBehavesLikeAnUpstreamProvider(() => ({
    server,
    apiKey: KEY_ID,
    ticker: 'AAPL',
    resolution: '5',
    range: TUESDAY,
    expected: within(fiveMinute, TUESDAY),
    createProvider: (options) => create(options),
  }));

  itPagesLikeABarFeed(() => ({
    server: paged,
    createProvider: () => create({ baseUrl: paged.baseUrl, limits: [] }),
    askedFrom: (request) => Date.parse(request.query.get('start') ?? ''),
    continues: (request) => request.query.get('page_token') !== null,
  }));

  it("is named alpaca and holds the free plan's 200 calls a minute", () => {
    expect(sut.name).toBe('alpaca');
    expect(sut.resolutions).toEqual(['1', '5', '15', '30', '60', 'D']);
    expect(sut.budget).toEqual([{ limit: 200, windowMs: 60_000 }]);
    expect(sut.settlement).toEqual({ dailyNewYorkMinute: 1200, intradayDelayMs: 300_000 });
  });

  it('says volume counts IEX trades only on the iex feed, every venue on sip', () => {
    expect(new Set(Object.values(sut.volumeScope))).toEqual(new Set(['exchange-only']));
    expect(new Set(Object.values(create({ feed: 'sip' }).volumeScope))).toEqual(
      new Set(['consolidated']),
    );
  });

  describe('bars', () => {
    it('asks raw bars of the feed in RFC 3339 with the two key headers', async () => {
      await expect(sut.fetchCandles('AAPL', '5', TUESDAY)).resolves.toEqual(
        within(fiveMinute, TUESDAY),
      );

      const [request] = server.requests;
      expect(request.path).toBe('/v2/stocks/AAPL/bars');
      expect(Object.fromEntries(request.query)).toEqual({
        timeframe: '5Min',
        start: '2025-06-03T00:00:00.000Z',
        end: '2025-06-03T23:59:59.999Z',
        adjustment: 'raw',
        feed: 'iex',
        limit: '10000',
      });
      expect(request.headers['apca-api-key-id']).toBe(KEY_ID);
      expect(request.headers['apca-api-secret-key']).toBe(SECRET);
      expect(request.rawUrl).not.toContain(SECRET);
    });

    it('follows next_page_token with the other parameters unchanged', async () => {
      sut = create({ baseUrl: paged.baseUrl });

      await expect(sut.fetchCandles('AAPL', '5', TUESDAY)).resolves.toEqual(
        within(fiveMinute, TUESDAY),
      );

      expect(paged.requests).toHaveLength(Math.ceil(192 / 30));
      const [first, ...rest] = paged.requests.map((r) => Object.fromEntries(r.query));
      for (const next of rest) {
        const { page_token: token, ...others } = next;
        expect(token).toEqual(expect.any(String));
        expect(others).toEqual(first);
      }
    });

    it('drops every malformed bar, counts it by reason and logs once per fetch', async () => {
      const bar = (mm: number, change: Record<string, unknown> = {}) => ({
        t: iso(at(2, 13, 30) + mm * 60_000).replace('.000Z', 'Z'),
        o: 10,
        h: 11,
        l: 9,
        c: 10.5,
        v: 100,
        n: 3,
        vw: 10.2,
        ...change,
      });
      server.setRows('BAD', '5', [
        bar(0),
        bar(5, { t: at(2, 13, 35) }),
        bar(10, { l: 10.8 }),
        bar(15, { c: 'x' }),
        null,
      ]);

      const candles = await sut.fetchCandles('BAD', '5', { from: day(2), to: day(3) });

      expect(candles).toHaveLength(1);
      expect(sut.stats().droppedRows).toEqual({
        'timestamp is not a valid instant': 2,
        'low is above open or close': 1,
        'a price is not a finite number': 1,
      });
      expect(logger.warnings).toHaveLength(1);
    });
  });

  describe('rate limit headers', () => {
    it('calls no more once X-RateLimit-Remaining says 0, until X-RateLimit-Reset', async () => {
      const clock = new ManualClock(NOW);
      sut = create({ baseUrl: limited.baseUrl, now: clock.now, limits: [] });

      await sut.fetchCandles('AAPL', '5', TUESDAY);
      await sut.fetchCandles('AAPL', '5', WEEK);
      await expect(sut.fetchCandles('AAPL', '5', TUESDAY)).rejects.toMatchObject({
        constructor: RateLimitedError,
        retryAt: NOW + 60_000,
      });
      expect(limited.requests).toHaveLength(2);
    });

    it('waits out a 429 until X-RateLimit-Reset (Alpaca sends no Retry-After)', async () => {
      sut = create({ baseUrl: limited.baseUrl, limits: [] });
      limited.exhaustRateLimit();

      await expect(sut.fetchCandles('AAPL', '5', TUESDAY)).rejects.toMatchObject({
        constructor: RateLimitedError,
        retryAt: NOW + 60_000,
      });
      expect(limited.requests).toHaveLength(1);
      expect(limited.requests[0].query.get('timeframe')).toBe('5Min');
    });
  });

  describe('plans', () => {
    const today = { from: Date.UTC(2025, 5, 20), to: Date.UTC(2025, 5, 21) };

    it("reads the free plan's 403 for recent SIP data as a plan refusal, and serves older SIP bars", async () => {
      sut = create({ feed: 'sip' });

      await expect(sut.fetchCandles('AAPL', '5', today)).rejects.toMatchObject({
        constructor: ProviderPlanError,
        message: 'Upstream provider alpaca is unavailable: plan lacks access to sip bars',
      });
      await expect(sut.fetchCandles('AAPL', '5', TUESDAY)).resolves.toHaveLength(78);
      expect(server.requests.map((r) => r.query.get('feed'))).toEqual(['sip', 'sip']);
    });

    it('checks access with one daily call for the past week on the configured feed', async () => {
      await expect(sut.checkAccess()).resolves.toEqual({ denied: [] });
      await expect(create({ feed: 'sip' }).checkAccess()).resolves.toEqual({
        denied: ['1', '5', '15', '30', '60', 'D'],
        reason: 'Upstream provider alpaca is unavailable: plan lacks access to sip bars',
      });
      expect(server.requests.map((r) => Object.fromEntries(r.query))).toEqual([
        expect.objectContaining({
          timeframe: '1Day',
          feed: 'iex',
          start: iso(Date.UTC(2025, 5, 13)),
        }),
        expect.objectContaining({
          timeframe: '1Day',
          feed: 'sip',
          end: iso(Date.UTC(2025, 5, 21) - 1),
        }),
      ]);
    });
  });

  describe('fetchCorporateActions', () => {
    const year2024 = { from: Date.UTC(2024, 0, 1), to: Date.UTC(2025, 0, 1) };

    beforeAll(() => {
      for (const fake of [server, paged]) {
        fake.setCorporateActions('NVDA', {
          forward_splits: [
            {
              symbol: 'NVDA',
              ex_date: '2024-06-10',
              process_date: '2024-06-10',
              old_rate: 1,
              new_rate: 10,
            },
          ],
          reverse_splits: [
            {
              symbol: 'NVDA',
              ex_date: '2024-02-01',
              process_date: '2024-02-01',
              old_rate: 'x',
              new_rate: 1,
            },
          ],
          cash_dividends: [
            {
              symbol: 'NVDA',
              ex_date: '2024-12-05',
              process_date: '2024-12-27',
              rate: 0.01,
              special: false,
              foreign: false,
            },
            {
              symbol: 'NVDA',
              ex_date: '2025-03-12',
              process_date: '2025-04-02',
              rate: 0.01,
              special: false,
              foreign: false,
            },
          ],
        });
      }
    });

    it('asks splits and cash dividends processed up to 90 days past the range, keeps them by ex-date', async () => {
      const answer = await sut.fetchCorporateActions('NVDA', year2024);

      expect(answer).toEqual({
        actions: [
          { date: Date.UTC(2024, 5, 10), splitFactor: 10 },
          { date: Date.UTC(2024, 11, 5), divCash: 0.01 },
        ],
        covers: { splits: true, dividends: true },
      });
      const [request] = server.requests;
      expect(request.path).toBe('/v1/corporate-actions');
      expect(Object.fromEntries(request.query)).toEqual({
        symbols: 'NVDA',
        types: 'forward_split,reverse_split,cash_dividend',
        start: '2024-01-01',
        end: '2025-03-31',
        limit: '1000',
      });
      expect(sut.stats().droppedRows).toEqual({ 'split factors are not positive numbers': 1 });
    });

    it('reports a plan refusing the one feed as covering neither kind', async () => {
      server.enqueue(jsonAnswer(403, { message: 'subscription does not permit this query' }));

      await expect(sut.fetchCorporateActions('NVDA', year2024)).resolves.toEqual({
        actions: [],
        covers: { splits: false, dividends: false },
      });
    });

    it('follows next_page_token across pages', async () => {
      const small = new FakeAlpacaServer({ ...keys, pageSize: 1 });
      await small.start();
      try {
        small.setCorporateActions('NVDA', {
          cash_dividends: [
            { ex_date: '2024-03-05', process_date: '2024-03-27', rate: 0.04 },
            { ex_date: '2024-06-11', process_date: '2024-06-28', rate: 0.01 },
          ],
        });
        sut = create({ baseUrl: small.baseUrl });

        const answer = await sut.fetchCorporateActions('NVDA', year2024);
        expect(answer.actions).toHaveLength(2);
        expect(small.requests.map((r) => r.query.get('page_token') === null)).toEqual([
          true,
          false,
        ]);
      } finally {
        await small.close();
      }
    });
  });
});
