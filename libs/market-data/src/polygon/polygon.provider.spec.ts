import {
  type Candle,
  DAY_MS,
  type Interval,
  ProviderPlanError,
  ProviderUnavailableError,
  RateLimitedError,
} from '@app/ohlc-core';
import { NOT_ON_GRID } from '../validation/candle-validator';
import { FakePolygonServer } from '../testing/fake-polygon-server';
import { serveFakes } from '../testing/fake-server-lifecycle';
import { jsonAnswer } from '../testing/fake-upstream-server';
import { extendedHours } from '../testing/held-candles';
import { ManualClock } from '../testing/manual-clock';
import { RecordingLogger } from '../testing/recording-logger';
import { syntheticCandles } from '../testing/synthetic-candles';
import { itPagesLikeABarFeed, PAGED_FEED_PAGE_SIZE } from '../testing/paged-bar-feed.contract';
import { itBehavesLikeAnUpstreamProvider } from '../testing/upstream-provider.contract';
import { weekdaySessionCandleStart } from '../testing/weekday-session';
import { PolygonProvider, type PolygonProviderOptions } from './polygon.provider';

const API_KEY = 'polygon-secret-key-4242';
const NOW = Date.UTC(2025, 5, 20, 12, 0);
/** Monday 2025-06-02; New York is on EDT, so the session is 13:30Z–20:00Z. */
const MONDAY = Date.UTC(2025, 5, 2);
const day = (n: number) => MONDAY + n * DAY_MS;
const at = (n: number, hh: number, mm: number) => day(n) + (hh * 60 + mm) * 60_000;
const TUESDAY: Interval = { from: day(1), to: day(2) };
const WEEK: Interval = { from: day(0), to: day(7) };

const within = (candles: readonly Candle[], { from, to }: Interval) =>
  candles.filter((c) => c.start >= from && c.start < to);
/** `/v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}` */
const AGGS_FROM = 8;

describe(PolygonProvider.name, () => {
  const fortnight = { from: day(0), to: day(14) };
  const extended = extendedHours(weekdaySessionCandleStart);
  /** Bars from 04:00 to 20:00 New York, as Polygon serves them. */
  const fiveMinuteExtended = syntheticCandles('5', fortnight, extended);
  const fiveMinute = fiveMinuteExtended.filter((c) => weekdaySessionCandleStart('5', c.start));
  const server = new FakePolygonServer({ apiKey: API_KEY });
  const paged = new FakePolygonServer({ apiKey: API_KEY, pageSize: PAGED_FEED_PAGE_SIZE });
  /** Two years of history, as Polygon's free plan. */
  const basic = new FakePolygonServer({
    apiKey: API_KEY,
    now: () => NOW,
    historyMs: 2 * 365 * DAY_MS,
  });
  const limited = new FakePolygonServer({
    apiKey: API_KEY,
    now: () => NOW,
    rateLimit: { limit: 5, windowMs: 60_000 },
  });
  serveFakes(server, paged, basic, limited);
  let logger: RecordingLogger;
  let sut: PolygonProvider;

  const create = (options: Partial<PolygonProviderOptions> = {}) =>
    new PolygonProvider({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      isCandleStart: weekdaySessionCandleStart,
      baseBackoffMs: 1,
      now: () => NOW,
      logger,
      ...options,
    });

  beforeAll(() => {
    for (const fake of [server, paged, basic, limited])
      fake.setCandles('AAPL', '5', fiveMinuteExtended);
  });

  beforeEach(() => {
    logger = new RecordingLogger();
    sut = create();
  });

  itBehavesLikeAnUpstreamProvider(() => ({
    server,
    apiKey: API_KEY,
    ticker: 'AAPL',
    resolution: '5',
    range: TUESDAY,
    expected: within(fiveMinute, TUESDAY),
    createProvider: (options) => create(options),
  }));

  itPagesLikeABarFeed(() => ({
    server: paged,
    createProvider: () => create({ baseUrl: paged.baseUrl, limits: [] }),
    askedFrom: (request) => Number(request.path.split('/')[AGGS_FROM]),
    continues: (request) => request.query.get('cursor') !== null,
  }));

  it('is named polygon, serves every resolution with consolidated volume, raw prices', () => {
    expect(sut.name).toBe('polygon');
    expect(sut.resolutions).toEqual(['1', '5', '15', '30', '60', 'D']);
    expect(new Set(Object.values(sut.volumeScope))).toEqual(new Set(['consolidated']));
  });

  it("holds the free plan's 5 calls a minute, and intraday bars 15 minutes as a delayed plan's", () => {
    expect(sut.budget).toEqual([{ limit: 5, windowMs: 60_000 }]);
    expect(sut.settlement).toEqual({ dailyNewYorkMinute: 1200, intradayDelayMs: 900_000 });
  });

  describe('aggregates', () => {
    it('asks unadjusted, ascending, with the key in a Bearer header and the bounds in ms', async () => {
      await expect(sut.fetchCandles('AAPL', '5', TUESDAY)).resolves.toEqual(
        within(fiveMinute, TUESDAY),
      );

      const [request] = server.requests;
      expect(request.path).toBe(
        `/v2/aggs/ticker/AAPL/range/5/minute/${TUESDAY.from}/${TUESDAY.to - 1}`,
      );
      expect(Object.fromEntries(request.query)).toEqual({
        adjusted: 'false',
        sort: 'asc',
        limit: '50000',
      });
      expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    });

    it('follows next_url with the key in a header only', async () => {
      sut = create({ baseUrl: paged.baseUrl, limits: [] });

      await expect(sut.fetchCandles('AAPL', '5', TUESDAY)).resolves.toEqual(
        within(fiveMinute, TUESDAY),
      );

      expect(paged.requests.length).toBeGreaterThan(1);
      for (const r of paged.requests) expect(r.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(paged.requests.some((r) => r.rawUrl.includes(API_KEY))).toBe(false);
    });

    it('stops at a next_url that links back to a page already read', async () => {
      const loop = `${server.baseUrl}/v2/aggs/ticker/AAPL/range/5/minute/1/2?cursor=again`;
      server.enqueue(
        jsonAnswer(200, { status: 'OK', results: [], next_url: loop }),
        jsonAnswer(200, { status: 'OK', results: [], next_url: loop }),
      );

      await expect(sut.fetchCandles('AAPL', '5', TUESDAY)).rejects.toThrow('linked back to a page');
      expect(server.requests).toHaveLength(2);
    });

    it('asks for days by date, both inclusive', async () => {
      await sut.fetchCandles('AAPL', 'D', WEEK);

      expect(server.requests[0].path).toBe(
        '/v2/aggs/ticker/AAPL/range/1/day/2025-06-02/2025-06-06',
      );
    });

    it('refuses to follow a next_url to another host (the key would travel there)', async () => {
      server.enqueue(
        jsonAnswer(200, { status: 'OK', results: [], next_url: 'https://evil.example/steal' }),
      );

      await expect(sut.fetchCandles('AAPL', '5', TUESDAY)).rejects.toThrow(
        'next_url is no link to the configured host',
      );
      expect(server.requests).toHaveLength(1);
    });

    it('drops every malformed bar, counts it by reason and logs once per fetch', async () => {
      const bar = (mm: number, change: Record<string, unknown> = {}) => ({
        t: at(2, 13, 30) + mm * 60_000,
        o: 10,
        h: 11,
        l: 9,
        c: 10.5,
        v: 100,
        vw: 10.2,
        n: 3,
        ...change,
      });
      server.setRows('BAD', '5', [
        bar(0),
        bar(5, { h: 10.2 }),
        bar(10, { t: '2025-06-04T13:40:00Z' }),
        bar(15, { o: null }),
        bar(17),
        'garbage',
        bar(20, { v: -1 }),
      ]);

      const candles = await sut.fetchCandles('BAD', '5', { from: day(2), to: day(3) });

      expect(candles).toEqual([
        { start: at(2, 13, 30), open: 10, high: 11, low: 9, close: 10.5, volume: 100 },
      ]);
      expect(sut.stats().droppedRows).toEqual({
        'high is below open or close': 1,
        'timestamp is not a valid instant': 2,
        'a price is not a finite number': 1,
        [NOT_ON_GRID]: 1,
        'volume is negative or not a number': 1,
      });
      expect(logger.warnings).toEqual([
        expect.stringMatching(/^Dropped 6 of 7 upstream rows from polygon for BAD \(5\): /),
      ]);
    });
  });

  describe('limits and plans', () => {
    it("waits out Polygon's 429 until its Retry-After, calling nothing before", async () => {
      const clock = new ManualClock(NOW);
      sut = create({ baseUrl: limited.baseUrl, now: clock.now, limits: [] });
      limited.exhaustRateLimit();

      await expect(sut.fetchCandles('AAPL', '5', TUESDAY)).rejects.toMatchObject({
        constructor: RateLimitedError,
        retryAt: NOW + 60_000,
      });
      clock.advance(59_000);
      await expect(sut.fetchCandles('AAPL', '5', TUESDAY)).rejects.toThrow(RateLimitedError);
      expect(limited.requests).toHaveLength(1);
    });

    it("reads the 403 NOT_AUTHORIZED for a range beyond the plan's history as a plan refusal", async () => {
      sut = create({ baseUrl: basic.baseUrl });
      const old = { from: Date.UTC(2022, 5, 6), to: Date.UTC(2022, 5, 7) };

      await expect(sut.fetchCandles('AAPL', '5', old)).rejects.toMatchObject({
        constructor: ProviderPlanError,
        message: 'Upstream provider polygon is unavailable: plan lacks access to aggregates',
      });
      await expect(sut.fetchCandles('AAPL', '5', TUESDAY)).resolves.toHaveLength(78);
    });

    it('checks access with one call for the past week of minute bars', async () => {
      await expect(sut.checkAccess()).resolves.toEqual({ denied: [] });
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0].path).toBe(
        `/v2/aggs/ticker/AAPL/range/1/minute/${Date.UTC(2025, 5, 13)}/${Date.UTC(2025, 5, 21) - 1}`,
      );

      server.enqueue(
        jsonAnswer(403, {
          status: 'NOT_AUTHORIZED',
          message: 'You are not entitled to this data.',
        }),
      );
      await expect(sut.checkAccess()).resolves.toEqual({
        denied: ['1', '5', '15', '30', '60'],
        reason: 'Upstream provider polygon is unavailable: plan lacks access to aggregates',
      });
    });
  });

  describe('fetchCorporateActions', () => {
    const year2020 = { from: Date.UTC(2020, 0, 1), to: Date.UTC(2021, 0, 1) };

    beforeAll(() => {
      server
        .setSplits('AAPL', [
          { ticker: 'AAPL', execution_date: '2020-08-31', split_from: 1, split_to: 4, id: 's1' },
          { ticker: 'AAPL', execution_date: '2014-06-09', split_from: 1, split_to: 7, id: 's2' },
          { ticker: 'AAPL', execution_date: '2020-09-01', split_from: 0, split_to: 7, id: 's3' },
        ])
        .setDividends(
          'AAPL',
          ['2020-02-07', '2020-05-08', '2020-08-07', '2020-11-06'].map((date, i) => ({
            ticker: 'AAPL',
            ex_dividend_date: date,
            cash_amount: i < 3 ? 0.77 : 0.205,
            currency: 'USD',
            pay_date: date,
          })),
        );
    });

    it('asks splits and dividends by their ex-dates and maps each to an event', async () => {
      const answer = await sut.fetchCorporateActions('AAPL', year2020);

      expect(answer).toEqual({
        actions: [
          { date: Date.UTC(2020, 1, 7), divCash: 0.77 },
          { date: Date.UTC(2020, 4, 8), divCash: 0.77 },
          { date: Date.UTC(2020, 7, 7), divCash: 0.77 },
          { date: Date.UTC(2020, 7, 31), splitFactor: 4 },
          { date: Date.UTC(2020, 10, 6), divCash: 0.205 },
        ],
        covers: { splits: true, dividends: true },
      });
      expect(server.requests.map((r) => [r.path, Object.fromEntries(r.query)])).toEqual([
        [
          '/v3/reference/splits',
          {
            ticker: 'AAPL',
            'execution_date.gte': '2020-01-01',
            'execution_date.lte': '2020-12-31',
            limit: '1000',
          },
        ],
        [
          '/v3/reference/dividends',
          {
            ticker: 'AAPL',
            'ex_dividend_date.gte': '2020-01-01',
            'ex_dividend_date.lte': '2020-12-31',
            limit: '1000',
          },
        ],
      ]);
      expect(sut.stats().droppedRows).toEqual({ 'split factors are not positive numbers': 1 });
    });

    it('follows next_url across pages of reference data', async () => {
      const small = new FakePolygonServer({ apiKey: API_KEY, pageSize: 1 });
      await small.start();
      try {
        small.setDividends('AAPL', [
          { ex_dividend_date: '2020-02-07', cash_amount: 0.77 },
          { ex_dividend_date: '2020-05-08', cash_amount: 0.77 },
        ]);
        sut = create({ baseUrl: small.baseUrl });

        const answer = await sut.fetchCorporateActions('AAPL', year2020);
        expect(answer.actions).toHaveLength(2);
        expect(small.requests.map((r) => r.path)).toEqual([
          '/v3/reference/splits',
          '/v3/reference/dividends',
          '/v3/reference/dividends',
        ]);
      } finally {
        await small.close();
      }
    });

    it('reports a kind the plan refuses as not covered, and keeps the other', async () => {
      server.enqueue(jsonAnswer(403, { status: 'NOT_AUTHORIZED', message: 'Upgrade your plan.' }));

      const answer = await sut.fetchCorporateActions('AAPL', year2020);

      expect(answer.covers).toEqual({ splits: false, dividends: true });
      expect(answer.actions).toHaveLength(4);
      expect(answer.actions.every((a) => a.splitFactor === undefined)).toBe(true);
    });

    it('counts unreadable rows per kind', async () => {
      await sut.fetchCorporateActions('AAPL', year2020);

      expect(logger.warnings).toEqual([
        expect.stringMatching(/^Dropped 1 of 2 upstream rows from polygon for AAPL \(splits\): /),
      ]);
    });

    it('reports a page of another shape as ProviderUnavailableError', async () => {
      server.enqueue(jsonAnswer(200, { results: 'none' }));

      await expect(sut.fetchCorporateActions('AAPL', year2020)).rejects.toThrow(
        ProviderUnavailableError,
      );
    });
  });
});
