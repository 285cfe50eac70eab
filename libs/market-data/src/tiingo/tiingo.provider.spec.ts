import { type Candle, DAY_MS, type Interval, ProviderUnavailableError } from '@app/ohlc-core';
import { NOT_ON_GRID, OUTSIDE_SESSION } from '../validation/candle-validator';
import { FakeTiingoServer } from '../testing/fake-tiingo-server';
import { jsonAnswer } from '../testing/fake-upstream-server';
import { RecordingLogger } from '../testing/recording-logger';
import { syntheticCandles } from '../testing/synthetic-candles';
import { itBehavesLikeAnUpstreamProvider } from '../testing/upstream-provider.contract';
import { weekdaySessionCandleStart } from '../testing/weekday-session';
import { TiingoProvider, type TiingoProviderOptions } from './tiingo.provider';

const API_KEY = 'tiingo-secret-key-4242';
const NOW = Date.UTC(2025, 5, 20, 12, 0);
/** Monday 2025-06-02; New York is on EDT, so the session is 13:30Z–20:00Z. */
const MONDAY = Date.UTC(2025, 5, 2);
const day = (n: number) => MONDAY + n * DAY_MS;
const at = (n: number, hh: number, mm: number) => day(n) + (hh * 60 + mm) * 60_000;
const WEEK: Interval = { from: day(0), to: day(7) };
const FEED_BARS_PER_CALL = 200;

const within = (candles: readonly Candle[], { from, to }: Interval) =>
  candles.filter((c) => c.start >= from && c.start < to);
const starts = (candles: readonly Candle[]) => candles.map((c) => c.start);
const withCorporateActions = (c: Candle): Candle => ({
  ...c,
  splitFactor: c.splitFactor ?? 1,
  divCash: c.divCash ?? 0,
});

describe(TiingoProvider.name, () => {
  const server = new FakeTiingoServer({ apiKey: API_KEY, maxBarsPerCall: FEED_BARS_PER_CALL });
  const fortnight = { from: day(0), to: day(14) };
  const daily = syntheticCandles('D', fortnight, weekdaySessionCandleStart).map((c, i) =>
    i === 2 ? { ...c, splitFactor: 4, divCash: 0.25 } : c,
  );
  const fiveMinute = syntheticCandles('5', fortnight, weekdaySessionCandleStart);
  const thirtyMinute = syntheticCandles('30', fortnight, weekdaySessionCandleStart);
  let logger: RecordingLogger;
  let sut: TiingoProvider;

  const create = (options: Partial<TiingoProviderOptions> = {}) =>
    new TiingoProvider({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      isCandleStart: weekdaySessionCandleStart,
      maxBarsPerCall: FEED_BARS_PER_CALL,
      baseBackoffMs: 1,
      now: () => NOW,
      logger,
      ...options,
    });

  beforeAll(async () => {
    await server.start();
    server
      .setCandles('AAPL', 'D', daily)
      .setCandles('AAPL', '5', fiveMinute)
      .setCandles('AAPL', '30', thirtyMinute)
      .setCandles('BRK-B', '5', fiveMinute);
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.reset();
    logger = new RecordingLogger();
    sut = create();
  });

  itBehavesLikeAnUpstreamProvider(() => ({
    server,
    apiKey: API_KEY,
    ticker: 'AAPL',
    resolution: 'D',
    range: WEEK,
    expected: within(daily, WEEK).map(withCorporateActions),
    createProvider: (options) => create(options),
  }));

  it('is named tiingo and serves every resolution', () => {
    expect(sut.name).toBe('tiingo');
    expect(sut.resolutions).toEqual(['1', '5', '15', '30', '60', 'D']);
  });

  it('says intraday volume counts IEX trades only and daily volume every venue', () => {
    expect(sut.volumeScope).toEqual({
      '1': 'exchange-only',
      '5': 'exchange-only',
      '15': 'exchange-only',
      '30': 'exchange-only',
      '60': 'exchange-only',
      D: 'consolidated',
    });
  });

  it('settles daily candles at 20:00 New York and intraday ones 5 minutes after, unless configured', () => {
    expect(sut.settlement).toEqual({ dailyNewYorkMinute: 1200, intradayDelayMs: 300_000 });
    expect(create({ settlement: { intradayDelayMs: 60_000 } }).settlement).toEqual({
      dailyNewYorkMinute: 1200,
      intradayDelayMs: 60_000,
    });
  });

  describe('daily', () => {
    it('asks the daily route for the dates and keeps split factor and dividend', async () => {
      const candles = await sut.fetchCandles('AAPL', 'D', WEEK);

      expect(candles).toEqual(within(daily, WEEK).map(withCorporateActions));
      expect(candles[2]).toMatchObject({ splitFactor: 4, divCash: 0.25 });
      expect(server.requests).toHaveLength(1);
      const [request] = server.requests;
      expect(request.path).toBe('/tiingo/daily/AAPL/prices');
      expect(Object.fromEntries(request.query)).toEqual({
        startDate: '2025-06-02',
        endDate: '2025-06-06',
      });
      expect(request.headers.authorization).toBe(`Token ${API_KEY}`);
    });

    it('serves a long daily range with one call whatever the bar limit', async () => {
      await sut.fetchCandles('AAPL', 'D', fortnight);

      expect(server.requests).toHaveLength(1);
    });
  });

  describe('intraday', () => {
    it('splits a range beyond the bar limit into calls and merges them without gaps', async () => {
      sut = create({ maxBarsPerCall: 100 });

      const candles = await sut.fetchCandles('AAPL', '5', WEEK);

      expect(candles).toEqual(within(fiveMinute, WEEK));
      expect(candles).toHaveLength(5 * 78);
      expect(new Set(starts(candles)).size).toBe(candles.length);
      expect(server.requests.map((r) => r.query.get('startDate'))).toEqual([
        '2025-06-02',
        '2025-06-03',
        '2025-06-04',
        '2025-06-05',
        '2025-06-06',
      ]);
    });

    it('packs as many days into a call as the limit allows', async () => {
      const candles = await sut.fetchCandles('AAPL', '5', WEEK);

      expect(candles).toEqual(within(fiveMinute, WEEK));
      expect(server.requests.map((r) => Object.fromEntries(r.query))).toEqual([
        expect.objectContaining({ startDate: '2025-06-02', endDate: '2025-06-03' }),
        expect.objectContaining({ startDate: '2025-06-04', endDate: '2025-06-05' }),
        expect.objectContaining({ startDate: '2025-06-06', endDate: '2025-06-06' }),
      ]);
    });

    it('drops the duplicates of pieces that overlap at a seam', async () => {
      const monday = within(fiveMinute, { from: day(0), to: day(1) });
      const tuesday = within(fiveMinute, { from: day(1), to: day(2) });
      const wire = (candles: Candle[]) =>
        candles.map((c) => ({ ...c, date: new Date(c.start).toISOString() }));
      server.enqueue(
        jsonAnswer(200, wire([...monday, tuesday[0]])),
        jsonAnswer(200, wire([monday[77], ...tuesday])),
      );
      sut = create({ maxBarsPerCall: 78 });

      const candles = await sut.fetchCandles('AAPL', '5', { from: day(0), to: day(2) });

      expect(server.requests).toHaveLength(2);
      expect(starts(candles)).toEqual(starts([...monday, ...tuesday]));
    });

    it('loses the older bars when configured above the feed limit (why the limit matters)', async () => {
      sut = create({ maxBarsPerCall: 2000 });

      const candles = await sut.fetchCandles('AAPL', '5', WEEK);

      expect(server.requests).toHaveLength(1);
      expect(candles).toEqual(within(fiveMinute, WEEK).slice(-FEED_BARS_PER_CALL));
    });

    it('asks for the resample frequency and columns, and cuts rows outside the range', async () => {
      const range = { from: at(1, 14, 30), to: at(1, 16, 0) };

      const candles = await sut.fetchCandles('AAPL', '30', range);

      expect(candles).toEqual(within(thirtyMinute, range));
      expect(starts(candles)).toEqual([at(1, 14, 30), at(1, 15, 0), at(1, 15, 30)]);
      const [request] = server.requests;
      expect(request.path).toBe('/iex/AAPL/prices');
      expect(Object.fromEntries(request.query)).toEqual({
        startDate: '2025-06-03',
        endDate: '2025-06-03',
        resampleFreq: '30min',
        columns: 'open,high,low,close,volume',
      });
    });

    it('asks a one-day New York window for that date only (endDate is inclusive)', async () => {
      // Tuesday 00:00 to 24:00 New York: 04:00Z Tuesday to 04:00Z Wednesday.
      const newYorkTuesday = { from: at(1, 4, 0), to: at(2, 4, 0) };

      const candles = await sut.fetchCandles('AAPL', '5', newYorkTuesday);

      expect(candles).toEqual(within(fiveMinute, { from: day(1), to: day(2) }));
      expect(server.requests.map((r) => Object.fromEntries(r.query))).toEqual([
        expect.objectContaining({ startDate: '2025-06-03', endDate: '2025-06-03' }),
      ]);
    });

    describe('hourly candles', () => {
      /** The 30-minute bars of Tuesday, in order: [0] is 09:30, [12] is 15:30 New York. */
      const tuesday = within(thirtyMinute, { from: day(1), to: day(2) });

      it('builds them from 30-minute bars on the session grid, not from 1hour bars', async () => {
        const candles = await sut.fetchCandles('AAPL', '60', { from: day(1), to: day(2) });

        expect(server.requests).toHaveLength(1);
        expect(server.requests[0].query.get('resampleFreq')).toBe('30min');
        // 09:30, 10:30, ... 15:30 New York: seven hours, none dropped as misaligned.
        expect(starts(candles)).toEqual([13, 14, 15, 16, 17, 18, 19].map((h) => at(1, h, 30)));
        expect(candles[0]).toEqual({
          start: at(1, 13, 30),
          open: tuesday[0].open,
          high: tuesday[1].high,
          low: tuesday[0].low,
          close: tuesday[1].close,
          volume: (tuesday[0].volume ?? 0) + (tuesday[1].volume ?? 0),
        });
        // 15:30-16:00 is the last hour, cut at the close: one bar alone.
        expect(candles[6]).toEqual(tuesday[12]);
        expect(sut.stats()).toEqual({ acceptedRows: 13, droppedRows: {} });
      });

      it('keeps an hour with one half missing and serves only the hours in the range', async () => {
        const rows = tuesday
          .filter((_, i) => i !== 3)
          .map((c) => ({ ...c, date: new Date(c.start).toISOString() }));
        server.enqueue(jsonAnswer(200, rows));

        const candles = await sut.fetchCandles('AAPL', '60', {
          from: at(1, 14, 30),
          to: at(1, 16, 30),
        });

        expect(candles).toEqual([
          tuesday[2],
          {
            start: at(1, 15, 30),
            open: tuesday[4].open,
            high: tuesday[5].high,
            low: tuesday[4].low,
            close: tuesday[5].close,
            volume: (tuesday[4].volume ?? 0) + (tuesday[5].volume ?? 0),
          },
        ]);
        expect(sut.stats().acceptedRows).toBe(3);
      });
    });

    it('spells class shares the Tiingo way', async () => {
      const range = { from: day(1), to: day(2) };

      await expect(sut.fetchCandles('BRK.B', '5', range)).resolves.toEqual(
        within(fiveMinute, range),
      );
      expect(server.requests[0].path).toBe('/iex/BRK-B/prices');
    });

    it('makes no call for a range without a session', async () => {
      await expect(sut.fetchCandles('AAPL', '1', { from: day(5), to: day(7) })).resolves.toEqual(
        [],
      );
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('row validation', () => {
    const wednesday = { from: day(2), to: day(3) };
    const bar = (mm: number, change: Record<string, unknown> = {}) => ({
      date: new Date(at(2, 13, 30) + mm * 60_000).toISOString(),
      open: 10,
      high: 11,
      low: 9,
      close: 10.5,
      volume: 100,
      ...change,
    });
    const rows = [
      bar(0),
      bar(5, { high: 10.2 }),
      bar(10, { volume: -5 }),
      bar(15, { open: '10.1' }),
      bar(20, { date: 'yesterday' }),
      bar(22),
      bar(-330),
      'garbage',
      bar(25, { low: 0 }),
      bar(30, { low: 10.2 }),
      bar(35, { volume: null }),
    ];

    beforeAll(() => {
      server.setRows('BAD', '5', rows);
    });

    it('drops every unsound row, counts it by reason and logs once per fetch', async () => {
      const candles = await sut.fetchCandles('BAD', '5', wednesday);

      expect(candles).toEqual([
        { start: at(2, 13, 30), open: 10, high: 11, low: 9, close: 10.5, volume: 100 },
        { start: at(2, 14, 5), open: 10, high: 11, low: 9, close: 10.5 },
      ]);
      expect(sut.stats()).toEqual({
        acceptedRows: 2,
        droppedRows: {
          'high is below open or close': 1,
          'volume is negative or not a number': 1,
          'a price is not a finite number': 1,
          'timestamp is not a valid instant': 2,
          [NOT_ON_GRID]: 1,
          [OUTSIDE_SESSION]: 1,
          'a price is not positive': 1,
          'low is above open or close': 1,
        },
      });
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toMatch(
        /^Dropped 9 of 11 upstream rows from tiingo for BAD \(5\): /,
      );
    });

    it('keeps counting across fetches', async () => {
      await sut.fetchCandles('BAD', '5', wednesday);
      await sut.fetchCandles('BAD', '5', wednesday);

      expect(logger.warnings).toHaveLength(2);
      expect(sut.stats().acceptedRows).toBe(4);
      expect(sut.stats().droppedRows['timestamp is not a valid instant']).toBe(4);
    });

    it('reports a body that is not a price array as ProviderUnavailableError', async () => {
      server.enqueue(jsonAnswer(200, { detail: 'Error: something' }));

      const failure = sut.fetchCandles('AAPL', 'D', WEEK);

      await expect(failure).rejects.toThrow(ProviderUnavailableError);
      await expect(failure).rejects.toThrow('unexpected shape');
    });
  });
});
