import {
  type Candle,
  DAY_MS,
  type Interval,
  ProviderAuthError,
  ProviderPlanError,
  ProviderUnavailableError,
} from '@app/ohlc-core';
import { DUPLICATE_START, NOT_ON_GRID, OUTSIDE_SESSION } from '../validation/candle-validator';
import { FakeFinnhubServer } from '../testing/fake-finnhub-server';
import { jsonAnswer } from '../testing/fake-upstream-server';
import { RecordingLogger } from '../testing/recording-logger';
import { syntheticCandles } from '../testing/synthetic-candles';
import { itBehavesLikeAnUpstreamProvider } from '../testing/upstream-provider.contract';
import { weekdaySessionCandleStart } from '../testing/weekday-session';
import { FinnhubProvider, type FinnhubProviderOptions } from './finnhub.provider';

const API_KEY = 'finnhub-secret-token-7777';
const NOW = Date.UTC(2025, 11, 20, 12, 0);
/** Monday 2025-06-02; New York is on EDT, so the session is 13:30Z–20:00Z. */
const MONDAY = Date.UTC(2025, 5, 2);
const day = (n: number) => MONDAY + n * DAY_MS;
const at = (n: number, hh: number, mm: number) => day(n) + (hh * 60 + mm) * 60_000;
const TUESDAY: Interval = { from: day(1), to: day(2) };
const WEEK: Interval = { from: day(0), to: day(7) };
/** Spans the end of daylight saving time (Sunday 2025-11-02). */
const AUTUMN: Interval = { from: Date.UTC(2025, 9, 27), to: Date.UTC(2025, 10, 8) };

const within = (candles: readonly Candle[], { from, to }: Interval) =>
  candles.filter((c) => c.start >= from && c.start < to);
const seconds = (ms: number) => String(ms / 1000);

describe(FinnhubProvider.name, () => {
  const server = new FakeFinnhubServer({ apiKey: API_KEY });
  const openStampedServer = new FakeFinnhubServer({ apiKey: API_KEY, dailyStamp: 'new-york-open' });
  const freePlanServer = new FakeFinnhubServer({ apiKey: API_KEY, plan: 'free' });
  const oneMinute = syntheticCandles('1', WEEK, weekdaySessionCandleStart);
  const fiveMinute = syntheticCandles('5', WEEK, weekdaySessionCandleStart);
  const thirtyMinute = syntheticCandles('30', WEEK, weekdaySessionCandleStart);
  const daily = syntheticCandles('D', AUTUMN, weekdaySessionCandleStart);
  let logger: RecordingLogger;
  let sut: FinnhubProvider;

  const create = (options: Partial<FinnhubProviderOptions> = {}) =>
    new FinnhubProvider({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      isCandleStart: weekdaySessionCandleStart,
      baseBackoffMs: 1,
      now: () => NOW,
      logger,
      ...options,
    });

  beforeAll(async () => {
    await Promise.all([server.start(), openStampedServer.start(), freePlanServer.start()]);
    for (const fake of [server, openStampedServer]) {
      fake.setCandles('AAPL', '1', oneMinute).setCandles('AAPL', '5', fiveMinute);
      fake.setCandles('AAPL', '30', thirtyMinute);
      fake.setCandles('AAPL', 'D', daily);
    }
  });

  afterAll(async () => {
    await Promise.all([server.close(), openStampedServer.close(), freePlanServer.close()]);
  });

  beforeEach(() => {
    server.reset();
    freePlanServer.reset();
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

  it('is named finnhub and serves every resolution', () => {
    expect(sut.name).toBe('finnhub');
    expect(sut.resolutions).toEqual(['1', '5', '15', '30', '60', 'D']);
  });

  it('declares split-adjusted daily prices, settlement at 20:00 New York and 5 minutes', () => {
    expect(sut.priceAdjustment).toEqual({ D: 'splits' });
    expect(sut.settlement).toEqual({ dailyNewYorkMinute: 1200, intradayDelayMs: 300_000 });
  });

  describe('plans', () => {
    it("reports the free plan's 403 on candles as ProviderPlanError, not a bad key", async () => {
      sut = create({ baseUrl: freePlanServer.baseUrl });

      const error = await sut.fetchCandles('AAPL', '5', TUESDAY).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ProviderPlanError);
      expect(error).not.toBeInstanceOf(ProviderAuthError);
      expect(error).toMatchObject({
        provider: 'finnhub',
        message: 'Upstream provider finnhub is unavailable: plan lacks access to candles',
      });
      expect(freePlanServer.requests).toHaveLength(1);
    });

    it('still reports a rejected key (401) as ProviderAuthError', async () => {
      sut = create({ baseUrl: freePlanServer.baseUrl, apiKey: 'wrong' });

      await expect(sut.fetchCandles('AAPL', '5', TUESDAY)).rejects.toThrow(ProviderAuthError);
    });

    describe('checkAccess', () => {
      it('finds every resolution denied on the free plan, with one call', async () => {
        sut = create({ baseUrl: freePlanServer.baseUrl });

        await expect(sut.checkAccess()).resolves.toEqual({
          denied: ['1', '5', '15', '30', '60', 'D'],
          reason: 'Upstream provider finnhub is unavailable: plan lacks access to candles',
        });
        expect(freePlanServer.requests).toHaveLength(1);
        const [probe] = freePlanServer.requests;
        expect(Object.fromEntries(probe.query)).toEqual({
          symbol: 'AAPL',
          resolution: 'D',
          from: seconds(Date.UTC(2025, 11, 13)),
          to: String(Date.UTC(2025, 11, 22) / 1000 - 1),
        });
      });

      it('finds nothing denied on a paid plan, even without data in the week', async () => {
        await expect(sut.checkAccess()).resolves.toEqual({ denied: [] });
        expect(server.requests).toHaveLength(1);
      });

      it('throws what is not a plan refusal', async () => {
        sut = create({ apiKey: 'wrong' });

        await expect(sut.checkAccess()).rejects.toThrow(ProviderAuthError);
      });
    });
  });

  describe('intraday', () => {
    it('asks /stock/candle for the range in epoch seconds with the key in a header', async () => {
      const candles = await sut.fetchCandles('AAPL', '5', TUESDAY);

      expect(candles).toEqual(within(fiveMinute, TUESDAY));
      expect(server.requests).toHaveLength(1);
      const [request] = server.requests;
      expect(request.path).toBe('/api/v1/stock/candle');
      expect(Object.fromEntries(request.query)).toEqual({
        symbol: 'AAPL',
        resolution: '5',
        from: seconds(day(1)),
        to: String(day(2) / 1000 - 1),
      });
      expect(request.headers['x-finnhub-token']).toBe(API_KEY);
    });

    it('serves a long range with one call by default', async () => {
      await expect(sut.fetchCandles('AAPL', '1', WEEK)).resolves.toEqual(oneMinute);
      expect(server.requests).toHaveLength(1);
    });

    it('splits the range when given a bar limit, without gaps or duplicates', async () => {
      sut = create({ maxBarsPerCall: 400 });

      const candles = await sut.fetchCandles('AAPL', '1', WEEK);

      expect(candles).toEqual(oneMinute);
      expect(server.requests.map((r) => r.query.get('from'))).toEqual(
        [0, 1, 2, 3, 4].map((n) => seconds(day(n))),
      );
    });

    it('builds hourly candles on the 09:30 grid from 30-minute bars (its own are on clock hours)', async () => {
      const candles = await sut.fetchCandles('AAPL', '60', TUESDAY);

      expect(server.requests.map((r) => r.query.get('resolution'))).toEqual(['30']);
      expect(candles.map((c) => c.start)).toEqual(
        [13, 14, 15, 16, 17, 18, 19].map((hh) => at(1, hh, 30)),
      );
      const [first, second] = within(thirtyMinute, TUESDAY);
      expect(candles[0]).toEqual({
        start: first.start,
        open: first.open,
        high: Math.max(first.high, second.high),
        low: Math.min(first.low, second.low),
        close: second.close,
        volume: (first.volume ?? 0) + (second.volume ?? 0),
      });
    });

    it('answers no_data with no candles', async () => {
      const saturday = { from: day(5), to: day(6) };
      const quietTuesday = { from: at(1, 13, 30), to: at(1, 14, 0) };
      server.enqueue(jsonAnswer(200, { s: 'no_data' }));

      await expect(sut.fetchCandles('AAPL', '5', quietTuesday)).resolves.toEqual([]);
      await expect(sut.fetchCandles('NODATA', '5', TUESDAY)).resolves.toEqual([]);
      await expect(sut.fetchCandles('AAPL', '5', saturday)).resolves.toEqual([]);
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('daily', () => {
    it('takes a bar stamped 00:00Z as the date it names', async () => {
      const candles = await sut.fetchCandles('AAPL', 'D', AUTUMN);

      expect(candles).toEqual(daily);
      expect(server.requests[0].query.get('resolution')).toBe('D');
    });

    it('moves a bar stamped at the New York open to 00:00Z of its date, across DST', async () => {
      sut = create({ baseUrl: openStampedServer.baseUrl });

      const candles = await sut.fetchCandles('AAPL', 'D', AUTUMN);

      expect(candles).toEqual(daily);
      expect(candles).toHaveLength(10);
    });

    it('keeps to the requested dates although it asks upstream for one day more', async () => {
      const range = { from: Date.UTC(2025, 9, 28), to: Date.UTC(2025, 9, 30) };
      sut = create({ baseUrl: openStampedServer.baseUrl });

      await expect(sut.fetchCandles('AAPL', 'D', range)).resolves.toEqual(within(daily, range));
    });
  });

  describe('row validation', () => {
    const t = (hh: number, mm: number) => at(2, hh, mm) / 1000;

    beforeAll(() => {
      server.setPayload('BAD', '5', {
        s: 'ok',
        t: [
          t(13, 30),
          t(13, 35),
          t(13, 40),
          t(13, 42),
          t(12, 0),
          'x',
          t(13, 50),
          t(13, 55),
          t(14, 0),
        ],
        o: [10, 10, 10, 10, 10, 10, 10, -10, 10],
        h: [11, 9, 11, 11, 11, 11, 11, 11],
        l: [9, 9, 9, 9, 9, 9, 9, 9, 9],
        c: [10.5, 10.5, null, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5],
        v: [100, 100, 100, 100, 100, 100, -1, 100, 100],
      });
    });

    it('keeps the first of two bars with one timestamp, and counts and logs the other', async () => {
      server.enqueue(
        jsonAnswer(200, {
          s: 'ok',
          t: [t(13, 30), t(13, 35), t(13, 35)],
          o: [10, 10, 12],
          h: [11, 11, 13],
          l: [9, 9, 11],
          c: [10.5, 10.6, 12.5],
          v: [100, 200, 300],
        }),
      );

      const candles = await sut.fetchCandles('AAPL', '5', { from: day(2), to: day(3) });

      expect(candles).toEqual([
        { start: at(2, 13, 30), open: 10, high: 11, low: 9, close: 10.5, volume: 100 },
        { start: at(2, 13, 35), open: 10, high: 11, low: 9, close: 10.6, volume: 200 },
      ]);
      expect(sut.stats()).toEqual({ acceptedRows: 2, droppedRows: { [DUPLICATE_START]: 1 } });
      expect(logger.warnings).toEqual([
        `Dropped 1 of 3 upstream rows from finnhub for AAPL (5): 1 × ${DUPLICATE_START}`,
      ]);
    });

    it('drops every unsound bar, counts it by reason and logs once per fetch', async () => {
      const wednesday = { from: day(2), to: day(3) };

      const candles = await sut.fetchCandles('BAD', '5', wednesday);

      expect(candles).toEqual([
        { start: at(2, 13, 30), open: 10, high: 11, low: 9, close: 10.5, volume: 100 },
      ]);
      expect(sut.stats()).toEqual({
        acceptedRows: 1,
        droppedRows: {
          'high is below open or close': 1,
          'a price is not a finite number': 2,
          [NOT_ON_GRID]: 1,
          [OUTSIDE_SESSION]: 1,
          'timestamp is not a valid instant': 1,
          'volume is negative or not a number': 1,
          'a price is not positive': 1,
        },
      });
      expect(logger.warnings).toEqual([
        expect.stringMatching(/^Dropped 8 of 9 upstream rows from finnhub for BAD \(5\): /),
      ]);
    });

    it.each([
      ['an unknown status', { s: 'error' }],
      ['no timestamps', { s: 'ok', o: [1] }],
      ['an array', []],
    ])('reports %s as ProviderUnavailableError', async (_, body) => {
      server.enqueue(jsonAnswer(200, body));

      const failure = sut.fetchCandles('AAPL', '5', TUESDAY);

      await expect(failure).rejects.toThrow(ProviderUnavailableError);
      await expect(failure).rejects.toThrow(
        'GET /api/v1/stock/candle answered JSON of an unexpected shape',
      );
    });
  });
});
