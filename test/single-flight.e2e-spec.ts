import {
  ProviderUnavailableError,
  type Candle,
  type Interval,
  type Resolution,
} from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { DemoProvider, type OhlcProvider } from '@app/market-data';
import { OhlcCacheCounters } from '@app/ohlc-cache';
import { DynaliteProcess } from './support/dynalite-process';
import { nyseHours } from './support/nyse';
import { duplicates, sessionsAsked } from './support/session-count';
import { createTestApp, type TestApp } from './support/test-app';

/** Saturday: every candle asked for is closed. */
const CLOCK = '2025-12-13T15:00:00Z';
const LEASE_MS = 5_000;

const get = (app: TestApp, ticker: string, query: Record<string, string>) =>
  app.get(`/api/v2/tickers/${ticker}/ohlc`).query(query);

/** Answers only when the test lets it, or fails when told to: a holder stopped mid-fetch. */
class HangingProvider implements OhlcProvider {
  readonly name = 'demo';
  readonly resolutions: readonly Resolution[] = ['D'];
  calls = 0;
  private readonly stopped: Promise<never>;
  private stop!: (error: Error) => void;

  constructor() {
    this.stopped = new Promise<never>((_, reject) => (this.stop = reject));
    this.stopped.catch(() => undefined);
  }

  fetchCandles(_ticker: string, _resolution: Resolution, _range: Interval): Promise<Candle[]> {
    this.calls++;
    return this.stopped;
  }

  fail(): void {
    this.stop(new ProviderUnavailableError(this.name, 'instance stopped'));
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('Single-flight (e2e)', () => {
  const clock = new FixedClock(CLOCK);
  const hours = nyseHours(clock);

  describe('in one process', () => {
    let sut: TestApp;
    afterEach(() => sut.close());

    it.each([0, 30])(
      '50 concurrent identical cold requests make one upstream call (latency %i ms)',
      async (latencyMs) => {
        sut = await createTestApp({ clock, provider: new DemoProvider(hours, { latencyMs }) });
        const answers = await Promise.all(
          Array.from({ length: 50 }, () => get(sut, 'SAME', { range: '1M', resolution: '5' })),
        );
        expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
        expect(new Set(answers.map((a) => a.body.count as number)).size).toBe(1);
        expect(sut.provider.calls).toHaveLength(1);
        expect(sut.app.get(OhlcCacheCounters).singleFlightJoins).toBeGreaterThan(0);
      },
    );

    it('20 concurrent overlapping requests fetch no session twice', async () => {
      sut = await createTestApp({
        clock,
        provider: new DemoProvider(hours, { latencyMs: 20 }),
        // Each window has a day of its own to fetch: 20 fills from one client at once.
        env: { FILL_MAX_CONCURRENT: '20', FILL_MAX_PER_CLIENT: '20' },
      });
      // Windows sliding by one trading week over November: each overlaps its neighbours.
      const windows = Array.from({ length: 20 }, (_, i) => {
        const end = new Date(Date.UTC(2025, 10, 10 + i));
        const start = new Date(Date.UTC(2025, 10, 3 + i));
        return { resolution: '15', start_date: iso(start), end_date: iso(end) };
      });
      const answers = await Promise.all(windows.map((w) => get(sut, 'SLIDE', w)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      const asked = sut.provider.calls.flatMap((c) => sessionsAsked(hours, c));
      expect(duplicates(asked)).toEqual([]);
    });
  });

  describe('across instances sharing one L2', () => {
    let l2: DynaliteProcess;
    const saved = { ...process.env };
    const env = () => ({ ...l2.l2Env('shared-ohlc-cache'), FETCH_LEASE_MS: String(LEASE_MS) });
    const apps: TestApp[] = [];
    const instance = async (provider: OhlcProvider, more: Record<string, string> = {}) => {
      const app = await createTestApp({ clock, provider, env: { ...env(), ...more } });
      apps.push(app);
      return app;
    };

    beforeAll(async () => {
      // A local server takes any credentials; the SDK still wants some.
      process.env.AWS_ACCESS_KEY_ID = 'local';
      process.env.AWS_SECRET_ACCESS_KEY = 'local';
      l2 = await DynaliteProcess.start();
    });
    afterEach(async () => {
      await Promise.all(apps.splice(0).map((a) => a.close()));
    });
    afterAll(async () => {
      await l2.stop();
      process.env = saved;
    });

    it('fetches each session once in total for 20 requests split between two instances', async () => {
      const [a, b] = [
        await instance(new DemoProvider(hours, { latencyMs: 150 })),
        await instance(new DemoProvider(hours, { latencyMs: 150 })),
      ];
      const queries: Record<string, string>[] = [
        { range: '1M' },
        { range: '3M' },
        { start_date: '2025-10-01', end_date: '2025-11-30' },
        { start_date: '2025-09-15', end_date: '2025-10-15' },
      ];
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          get(i % 2 ? b : a, 'TWIN', queries[i % queries.length]),
        ),
      );
      expect(answers.every((r) => r.status === 200)).toBe(true);
      const asked = [...a.provider.calls, ...b.provider.calls].flatMap((c) =>
        sessionsAsked(hours, c),
      );
      expect(duplicates(asked)).toEqual([]);
      const waits =
        a.app.get(OhlcCacheCounters).leaseWaits + b.app.get(OhlcCacheCounters).leaseWaits;
      console.log(
        `two instances: ${a.provider.calls.length} + ${b.provider.calls.length} calls, ` +
          `${asked.length} sessions, ${waits} lease waits`,
      );
    });

    it('takes the lease over when its holder stops mid-fetch, once it expires', async () => {
      const stuck = new HangingProvider();
      // Past its deadline a holder stops renewing: its fetch is given up, as a dead one's is.
      const holder = await instance(stuck, { UPSTREAM_DEADLINE_MS: '300' });
      const other = await instance(new DemoProvider(hours, { latencyMs: 0 }));

      const abandoned = get(holder, 'HALT', { range: '1M' }).then((r) => r.status);
      await until(() => stuck.calls === 1, 'the holder to start fetching');
      const waiting = get(other, 'HALT', { range: '1M' });
      const answer = waiting.then((r) => r);
      const counters = other.app.get(OhlcCacheCounters);
      await until(() => counters.leaseWaits === 1, 'the other instance to find the lease');
      expect(other.provider.calls).toHaveLength(0);

      clock.advance(LEASE_MS + 1);
      const res = await answer;
      expect(res.status).toBe(200);
      expect(res.headers['x-cache-source']).toBe('live-api');
      expect(other.provider.calls).toHaveLength(1);
      expect(counters.leaseTakeovers).toBe(1);

      stuck.fail();
      expect(await abandoned).toBe(503);
    });
  });
});

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}
