import { FixedClock } from '@app/market-hours/testing';
import { FakeFinnhubServer, extendedHours, syntheticCandles } from '@app/market-data/testing';
import { CapturedLogs } from './support/captured-logs';
import { FULL_SESSION_HOURS, isNyseCandleStart, newYorkTime } from './support/nyse';
import { suiteTestApp } from './support/test-app';

const FINNHUB_KEY = 'finnhub-hourly-e2e-key-4242';
/** Saturday: the weeks fetched are closed and settled. */
const clock = new FixedClock('2025-12-06T15:00:00Z');
const RANGE = { from: Date.parse('2025-11-20T00:00:00Z'), to: Date.parse('2025-12-06T00:00:00Z') };

/**
 * The API on a Finnhub that serves bars as Finnhub does: extended hours
 * (04:00–20:00 New York), 60-minute bars stamped on clock hours.
 */
describe('Finnhub hourly candles (e2e)', () => {
  const finnhub = new FakeFinnhubServer({ apiKey: FINNHUB_KEY }).setCandles(
    'AAPL',
    '30',
    syntheticCandles('30', RANGE, extendedHours(isNyseCandleStart)),
  );
  const logs = new CapturedLogs();
  const sut = suiteTestApp({ clock, upstream: finnhub, logger: logs });

  const get = (query: Record<string, string>) => sut.get('/api/v2/tickers/AAPL/ohlc').query(query);

  beforeEach(() => finnhub.requests.splice(0));

  it('stamps hourly bars on clock hours with extended hours, 16 a day, as Finnhub does', async () => {
    const from = Date.parse('2025-12-01T00:00:00Z') / 1000;
    const res = await fetch(
      `${finnhub.baseUrl}/stock/candle?symbol=AAPL&resolution=60&from=${from}&to=${from + 86_399}`,
      { headers: { 'X-Finnhub-Token': FINNHUB_KEY } },
    );
    const body = (await res.json()) as { t: number[] };
    expect(body.t).toHaveLength(16);
    expect(body.t.every((t) => t % 3600 === 0)).toBe(true);
  });

  it('answers resolution=60 with 7 hourly candles a full session on the 09:30 grid', async () => {
    const res = await get({ range: '1W', resolution: '60' }).expect(200);
    expect(res.body).toMatchObject({
      source: 'finnhub',
      resolution: '60',
      resolution_fallback: false,
      count: 5 * 7,
    });
    const monday = (res.body.candles as { date: string }[])
      .map((c) => c.date)
      .filter((d) => d.startsWith('2025-12-01'));
    expect(monday.map(newYorkTime)).toEqual(FULL_SESSION_HOURS);
    expect(finnhub.requests.map((r) => r.query.get('resolution'))).toEqual(['30']);
  });

  it('answers 4 hourly candles on the early close of 2025-11-28 (13:00)', async () => {
    const res = await get({
      resolution: '60',
      start_date: '2025-11-28',
      end_date: '2025-11-28',
    }).expect(200);
    expect(res.body).toMatchObject({ resolution: '60', resolution_fallback: false, count: 4 });
    expect((res.body.candles as { date: string }[]).map((c) => newYorkTime(c.date))).toEqual([
      '09:30',
      '10:30',
      '11:30',
      '12:30',
    ]);
  });
});
