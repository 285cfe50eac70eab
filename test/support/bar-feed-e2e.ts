import { FixedClock } from '@app/market-hours/testing';
import type { VolumeScope } from '@app/market-data';
import {
  extendedHours,
  type FakeAlpacaServer,
  type FakePagedServerOptions,
  type FakePolygonServer,
  type RecordedRequest,
  syntheticCandles,
} from '@app/market-data/testing';
import { CapturedLogs } from './captured-logs';
import { FULL_SESSION_HOURS, isNyseCandleStart, newYorkTime } from './nyse';
import { createTestApp, type TestApp } from './test-app';

type BarFeedFake = FakePolygonServer | FakeAlpacaServer;

/** What the shared e2e suite needs to know about one paged bar feed (Polygon, Alpaca). */
export interface BarFeedE2e {
  readonly provider: 'polygon' | 'alpaca';
  /** The secrets the app is configured with, none of which may reach a log line. */
  readonly secrets: readonly string[];
  readonly volumeScope: VolumeScope;
  /** A fake of the feed; `refusing` makes it the plan that refuses `refusal.query`. */
  createFake(options: FakePagedServerOptions & { readonly refusing?: boolean }): BarFeedFake;
  /** Whether a request follows a page link or token. */
  continues(request: RecordedRequest): boolean;
  /** The feed's bar size a request asks for, in the feed's words (`30/minute`, `30Min`). */
  barSize(request: RecordedRequest): string | undefined;
  /** The feed's words for 5-minute and 30-minute bars. */
  readonly fiveMinutes: string;
  readonly thirtyMinutes: string;
  /** A request the refusing plan refuses, and the clock it is made at. */
  readonly refusal: {
    readonly at: string;
    readonly query: Record<string, string>;
    readonly env?: Record<string, string>;
    /** What the start-up access check logs as denied; undefined when its probe is not refused. */
    readonly deniedAtStartUp?: string;
  };
}

/** Bars a page holds: a month of 5-minute bars (04:00–20:00 New York) takes three. */
const PAGE_SIZE = 1500;
const SATURDAY = '2025-12-06T15:00:00Z';
const SEEDED = { from: Date.parse('2025-10-01T00:00:00Z'), to: Date.parse('2025-12-06T00:00:00Z') };
/** Until the start-up access check's call has reached `fake` (it runs once the app is up). */
async function accessChecked(fake: BarFeedFake): Promise<void> {
  for (let i = 0; i < 100 && fake.requests.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(fake.requests).toHaveLength(1);
}

/**
 * The API over real HTTP on a fake of the feed that pages, serves extended
 * hours and hourly bars on clock hours, answers 429 past its rate window and
 * refuses what the key's plan lacks.
 */
export function describeBarFeedE2e(feed: BarFeedE2e): void {
  const { provider } = feed;

  describe(`${provider} upstream (e2e)`, () => {
    /** Saturday: every session fetched is closed and settled. */
    const clock = new FixedClock(SATURDAY);
    const fake = feed.createFake({
      now: () => clock.now(),
      pageSize: PAGE_SIZE,
      rateLimit: { limit: 100, windowMs: 60_000 },
    });
    const logs = new CapturedLogs();
    let sut: TestApp;

    const get = (query: Record<string, string>) =>
      sut.get('/api/v2/tickers/AAPL/ohlc').query(query);

    beforeAll(async () => {
      const extended = extendedHours(isNyseCandleStart);
      fake
        .setCandles('AAPL', '5', syntheticCandles('5', SEEDED, extended))
        .setCandles('AAPL', '30', syntheticCandles('30', SEEDED, extended))
        .setCandles('AAPL', 'D', syntheticCandles('D', SEEDED, isNyseCandleStart));
      sut = await createTestApp({
        clock,
        upstream: fake,
        logger: logs,
        env: {
          [`${provider.toUpperCase()}_RATE_LIMITS`]: '1000/m',
          // One client here: the whole budget is its to spend.
          FILL_MAX_CLIENT_BUDGET_PERCENT: '100',
        },
      });
      await accessChecked(fake);
    });
    afterAll(async () => {
      await sut.close();
      await fake.close();
    });
    beforeEach(() => fake.requests.splice(0));

    it('assembles a month of 5 from at least three pages, served once, then from memory', async () => {
      const res = await get({ range: '1M', resolution: '5' }).expect(200);

      expect(res.headers['x-cache-source']).toBe('live-api');
      const from = Date.parse('2025-11-06T05:00:00Z');
      const expected = syntheticCandles('5', { from, to: SEEDED.to }, isNyseCandleStart).length;
      expect(res.body).toMatchObject({
        source: provider,
        resolution: '5',
        resolution_fallback: false,
        start_date: '2025-11-06',
        end_date: '2025-12-05',
        count: expected,
        volume_scope: feed.volumeScope,
      });
      const pages = fake.requests;
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.map((r) => feed.continues(r))).toEqual([
        false,
        ...Array<boolean>(pages.length - 1).fill(true),
      ]);
      expect(feed.barSize(pages[0])).toBe(feed.fiveMinutes);

      const again = await get({ range: '1M', resolution: '5' }).expect(200);
      expect(again.headers['x-cache-source']).toBe('in-memory');
      expect(again.body.count).toBe(expected);
      expect(fake.requests).toHaveLength(pages.length);
    });

    it('answers a 60 window on the 09:30 grid, built from 30-minute bars', async () => {
      const res = await get({ range: '1W', resolution: '60' }).expect(200);

      expect(res.body).toMatchObject({
        source: provider,
        resolution: '60',
        resolution_fallback: false,
        count: 5 * 7,
      });
      const monday = (res.body.candles as { date: string }[])
        .map((c) => c.date)
        .filter((d) => d.startsWith('2025-12-01'));
      expect(monday.map(newYorkTime)).toEqual(FULL_SESSION_HOURS);
      expect(fake.requests.map((r) => feed.barSize(r))).toEqual([feed.thirtyMinutes]);
    });

    it('waits out a 429: 503 with Retry-After, no call before it, then the candles', async () => {
      fake.exhaustRateLimit();

      const limited = await get({ range: '1M', resolution: 'D' }).expect(503);
      const retryAfter = Number(limited.headers['retry-after']);
      expect(limited.body.detail).toMatch(new RegExp(`${provider} is rate limited`));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(fake.requests).toHaveLength(1);

      await get({ range: '1M', resolution: 'D' }).expect(503);
      expect(fake.requests).toHaveLength(1);

      clock.advance(retryAfter * 1000);
      const res = await get({ range: '1M', resolution: 'D' }).expect(200);
      expect(res.headers['x-cache-source']).toBe('live-api');
      expect(res.body).toMatchObject({ source: provider, count: 21 });
      expect(fake.requests).toHaveLength(2);
    });

    it('never writes a key into a log line', () => {
      expect(logs.lines.length).toBeGreaterThan(0);
      for (const secret of feed.secrets) {
        expect(logs.lines.filter((line) => line.includes(secret))).toEqual([]);
      }
    });
  });

  describe(`${provider} plan refusal, with a fallback (e2e)`, () => {
    const clock = new FixedClock(feed.refusal.at);
    const fake = feed.createFake({ now: () => clock.now(), refusing: true });
    const logs = new CapturedLogs();
    let sut: TestApp;

    beforeAll(async () => {
      sut = await createTestApp({
        clock,
        upstream: fake,
        logger: logs,
        env: { ...feed.refusal.env, OHLC_PROVIDER_FALLBACKS: 'demo' },
      });
      await accessChecked(fake);
    });
    afterAll(async () => {
      await sut.close();
      await fake.close();
    });

    it('answers from the configured fallback what the plan refuses', async () => {
      const res = await sut.get('/api/v2/tickers/AAPL/ohlc').query(feed.refusal.query).expect(200);

      expect(res.body.source).toBe('demo');
      expect(res.body.count).toBeGreaterThan(0);
      expect(fake.requests.length).toBeGreaterThan(0);
      expect(logs.lines).toContainEqual(
        expect.stringContaining(`${provider} could not serve AAPL: ProviderPlanError`),
      );
    });

    it('says at start-up what the plan denies, when its probe is refused', () => {
      const warnings = logs.lines.filter((l) => l.includes(`${provider} cannot serve resolution`));
      const { deniedAtStartUp } = feed.refusal;
      expect(warnings).toEqual(
        deniedAtStartUp === undefined ? [] : [expect.stringContaining(deniedAtStartUp)],
      );
    });
  });
}
