import type { Candle } from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { FakeFinnhubServer, FakeTiingoServer } from '@app/market-data/testing';
import { OhlcCacheCounters } from '@app/ohlc-cache';
import { sessionCandles } from './support/nyse';
import { createTestApp, type TestApp } from './support/test-app';
import type { TestUpstream } from './support/test-upstream';

/** NVDA split 10-for-1, ex-date Monday 2024-06-10 (announced 2024-05-22). */
const EX_DATE = '2024-06-10';
/** 11:00 New York on the ex-date: Tiingo publishes the day's daily row at about 17:30. */
const EX_DATE_11AM = '2024-06-10T15:00:00Z';
const WINDOW = '/api/v2/tickers/NVDA/ohlc?start_date=2024-06-03&end_date=2024-06-10';
/** A June window that ends before the ex-date: every candle in it is final. */
const JUNE =
  '/api/v2/tickers/NVDA/ohlc?start_date=2024-06-03&end_date=2024-06-07&adjustment=splits';

type Body = {
  candles: { date: string; close: number }[];
  adjustment: string;
  adjustment_complete: boolean;
};

/** Synthetic session candles near 1,200 before the ex-date and near 120 from it on, as traded. */
function traded(resolution: '30' | 'D', from: string, to: string): Candle[] {
  return sessionCandles(resolution, from, to).map((c) => {
    const k = new Date(c.start).toISOString() < EX_DATE ? 12 : 1.2;
    return { ...c, open: c.open * k, high: c.high * k, low: c.low * k, close: c.close * k };
  });
}

/** The largest ratio between neighbouring closes: a 10× cliff shows as about 10. */
function largestStep(body: Body): number {
  const closes = body.candles.map((c) => c.close);
  return Math.max(
    ...closes.slice(1).map((close, i) => Math.max(close, closes[i]) / Math.min(close, closes[i])),
  );
}

const tiingoSplit = {
  exDate: EX_DATE,
  splitFrom: 1,
  splitTo: 10,
  splitFactor: 10,
  splitStatus: 'a',
};

/** Adjusted views against fake upstreams that publish the split ahead of its ex-date (docs/api.md#adjusted-prices). */
describe('Adjusted views on an ex-date (e2e)', () => {
  const clock = new FixedClock(EX_DATE_11AM);
  const apps: TestApp[] = [];
  const app = async (upstream: TestUpstream, env: Record<string, string> = {}) => {
    const created = await createTestApp({ clock, upstream, env });
    apps.push(created);
    return created;
  };
  const body = async (sut: TestApp, path: string) => (await sut.get(path).expect(200)).body as Body;

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
    clock.set(EX_DATE_11AM);
  });

  describe('from Tiingo', () => {
    const tiingo = new FakeTiingoServer({ apiKey: 'tiingo-adjusted-views-key' });
    const withoutBeta = new FakeTiingoServer({
      apiKey: 'tiingo-adjusted-views-key',
      corporateActions: false,
    });

    beforeAll(() => {
      for (const fake of [tiingo, withoutBeta]) {
        // The daily rows end on Friday: Monday's is not published before the evening.
        fake.setCandles('NVDA', 'D', traded('D', '2024-05-20T00:00:00Z', '2024-06-08T00:00:00Z'));
        fake.setCandles('NVDA', '30', traded('30', '2024-06-03T00:00:00Z', EX_DATE_11AM));
      }
      tiingo.setSplits('NVDA', [tiingoSplit]);
    });
    beforeEach(() => [tiingo, withoutBeta].forEach((f) => f.reset()));
    afterAll(() => Promise.all([tiingo.close(), withoutBeta.close()]));

    it('shows no 10× step in the hourly splits view, the split known ahead', async () => {
      const sut = await app(tiingo);

      const raw = await body(sut, `${WINDOW}&resolution=60`);
      const splits = await body(sut, `${WINDOW}&resolution=60&adjustment=splits`);

      expect(largestStep(raw)).toBeGreaterThan(9);
      expect(largestStep(splits)).toBeLessThan(1.1);
      expect(splits).toMatchObject({ adjustment: 'splits', adjustment_complete: true });
      expect(splits.candles[0].close).toBeCloseTo(raw.candles[0].close / 10, 6);
      expect(tiingo.requests.map((r) => r.path)).toContain('/tiingo/corporate-actions/NVDA/splits');
    });

    it('shows the daily rows before the ex-date divided by 10', async () => {
      const sut = await app(tiingo);

      const splits = await body(sut, `${WINDOW}&adjustment=splits`);

      expect(splits.candles.map((c) => c.date)).toEqual([
        '2024-06-03',
        '2024-06-04',
        '2024-06-05',
        '2024-06-06',
        '2024-06-07',
      ]);
      expect(splits.candles.every((c) => c.close > 100 && c.close < 140)).toBe(true);
      expect(splits.adjustment_complete).toBe(true);
    });

    it("says the view is incomplete when only the daily rows tell the actions, and today's is not out", async () => {
      const sut = await app(withoutBeta);

      const splits = await body(sut, `${WINDOW}&resolution=60&adjustment=splits`);

      expect(splits).toMatchObject({ adjustment: 'splits', adjustment_complete: false });
      expect(largestStep(splits)).toBeGreaterThan(9);
    });

    it('makes at most one upstream call for 20 requests of a June window at 11:00', async () => {
      clock.set('2024-06-10T13:00:00Z');
      const sut = await app(tiingo);
      await body(sut, JUNE);
      clock.set(EX_DATE_11AM);
      tiingo.reset();

      const answers = await Promise.all(Array.from({ length: 20 }, () => sut.get(JUNE)));

      expect(tiingo.requests.length).toBeLessThanOrEqual(1);
      expect(new Set(answers.map((a) => a.headers['x-cache-source']))).toEqual(
        new Set(['in-memory']),
      );
      expect(answers.every((a) => (a.body as Body).candles[0].close < 140)).toBe(true);
    });

    it('asks the feed again once for 20 requests when it is due, and says so in X-Cache-Source', async () => {
      // Saturday: the window is final; by Monday 11:00 the feed is an hour's refresh out of date.
      clock.set('2024-06-08T15:00:00Z');
      const sut = await app(tiingo, { CORPORATE_ACTIONS_REFRESH_MS: '3600000' });
      await body(sut, JUNE);
      clock.set(EX_DATE_11AM);
      tiingo.reset();
      const asked = () => sut.app.get(OhlcCacheCounters).provider('tiingo').corporateActionCalls;
      const before = asked();

      const first = await sut.get(JUNE).expect(200);
      const rest = await Promise.all(Array.from({ length: 19 }, () => sut.get(JUNE)));

      expect(asked() - before).toBe(1);
      expect(tiingo.requests.map((r) => r.path)).toEqual([
        '/tiingo/corporate-actions/NVDA/splits',
        '/tiingo/corporate-actions/NVDA/distributions',
      ]);
      expect(first.headers['x-cache-source']).toBe('live-api');
      expect(new Set(rest.map((a) => a.headers['x-cache-source']))).toEqual(new Set(['in-memory']));
    });
  });

  describe('from Finnhub', () => {
    const finnhub = new FakeFinnhubServer({ apiKey: 'finnhub-adjusted-views-key' });

    beforeAll(() => {
      finnhub.setCandles('NVDA', '30', traded('30', '2024-06-03T00:00:00Z', EX_DATE_11AM));
      finnhub.setSplits('NVDA', [{ symbol: 'NVDA', date: EX_DATE, fromFactor: 1, toFactor: 10 }]);
    });
    beforeEach(() => finnhub.reset());
    afterAll(() => finnhub.close());

    it('adjusts raw intraday bars by the split from /stock/split', async () => {
      const sut = await app(finnhub);

      const splits = await body(sut, `${WINDOW}&resolution=60&adjustment=splits`);

      expect(largestStep(splits)).toBeLessThan(1.1);
      expect(splits).toMatchObject({ adjustment: 'splits', adjustment_complete: true });
      expect(finnhub.requests.map((r) => r.path)).toContain('/api/v1/stock/split');
    });

    it('restates daily candles cached before the split, which Finnhub had not adjusted yet', async () => {
      // Friday evening, settled: Finnhub's daily candles know no split yet.
      finnhub.setCandles('NVDA', 'D', traded('D', '2024-05-20T00:00:00Z', '2024-06-08T00:00:00Z'));
      clock.set('2024-06-08T15:00:00Z');
      const sut = await app(finnhub);
      await body(sut, '/api/v2/tickers/NVDA/ohlc?start_date=2024-06-03&end_date=2024-06-07');
      // On the ex-date Finnhub serves every daily candle split-adjusted, today's forming one too.
      const adjusted = traded('D', '2024-05-20T00:00:00Z', '2024-06-11T00:00:00Z').map((c) =>
        new Date(c.start).toISOString() < EX_DATE
          ? { ...c, open: c.open / 10, high: c.high / 10, low: c.low / 10, close: c.close / 10 }
          : c,
      );
      finnhub.setCandles('NVDA', 'D', adjusted);
      clock.set(EX_DATE_11AM);

      const splits = await body(sut, `${WINDOW}&adjustment=splits`);

      expect(splits.candles.map((c) => c.date).at(-1)).toBe(EX_DATE);
      expect(largestStep(splits)).toBeLessThan(1.1);
      expect(splits.adjustment_complete).toBe(true);
    });
  });
});
