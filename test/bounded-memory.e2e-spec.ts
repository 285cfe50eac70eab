import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Interval, SeriesKey } from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import {
  FetchLeasePort,
  L2Admin,
  L2Cache,
  type CacheRead,
  type OhlcCachePort,
} from '@app/ohlc-cache';
import { FakeL2Admin } from '@app/ohlc-cache/testing';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * An L2 that keeps nothing and a lease always free: what is measured is the
 * heap this process keeps per series, not what a store holds (the real L2 is
 * another process in production). Every request is then a cold fetch.
 */
class ForgetfulL2 implements OhlcCachePort, FetchLeasePort {
  read(): Promise<CacheRead> {
    return Promise.resolve({ candles: [], covered: [] });
  }
  write(): Promise<void> {
    return Promise.resolve();
  }
  acquire(_series: SeriesKey, _span: Interval): Promise<boolean> {
    return Promise.resolve(true);
  }
  release(): Promise<void> {
    return Promise.resolve();
  }
}

/** Distinct series sent through the app, and where the heap is sampled. */
const SERIES = Number(process.env.BOUNDED_MEMORY_SERIES ?? 20_000);
const SAMPLES = [0.1, 0.25, 0.5, 0.75, 1].map((share) => share * SERIES);
/** Most the heap after GC may grow between the first sample and the last. */
const GROWTH_BOUND_BYTES = 6 * 2 ** 20;
const CONCURRENCY = 8;

/** `AAAA`, `AAAB`, …: a new ticker per index (the ticker rule takes letters only). */
function ticker(i: number): string {
  let name = '';
  for (let n = i, k = 0; k < 4; k++, n = Math.floor(n / 26)) {
    name = String.fromCharCode(65 + (n % 26)) + name;
  }
  return name;
}

/**
 * docs/architecture.md#bounded-bookkeeping: with small L1 bounds, many
 * distinct series leave the heap where it was; per-series versions and
 * per-ticker generations are dropped with what they guard.
 */
describe('Memory per series (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    const l2 = new ForgetfulL2();
    sut = await createTestApp({
      clock: new FixedClock('2025-12-13T15:00:00Z'),
      overrides: (builder) =>
        builder
          .overrideProvider(L2Cache)
          .useValue(l2)
          .overrideProvider(FetchLeasePort)
          .useValue(l2)
          .overrideProvider(L2Admin)
          .useValue(new FakeL2Admin()),
      env: {
        L1_MAX_BYTES: String(2 ** 20),
        L1_MAX_ENTRIES: '500',
        RESPONSE_CACHE_MAX_BYTES: String(2 ** 20),
        RATE_LIMIT_PER_MINUTE: String(10 * SERIES),
        FILL_MAX_CONCURRENT: String(2 * CONCURRENCY),
        FILL_MAX_PER_CLIENT: String(2 * CONCURRENCY),
        FILL_MAX_PER_CLIENT_PER_MINUTE: String(10 * SERIES),
      },
    });
  });

  afterAll(() => sut.close());

  it(`grows the heap after GC by less than ${GROWTH_BOUND_BYTES / 2 ** 20} MiB over ${SERIES} series`, async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    await sut.app.listen(0, '127.0.0.1');
    const base = await sut.app.getUrl();
    const heap: { series: number; heapMiB: number }[] = [];
    let next = 0;
    // CONCURRENCY requests in flight until `upTo` series have been asked for.
    const sendUpTo = (upTo: number) =>
      Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let i = next++; i < upTo; i = next++) {
            const res = await fetch(
              `${base}/api/v2/tickers/${ticker(i)}/ohlc?range=1W&resolution=D`,
            );
            await res.arrayBuffer();
            if (res.status !== 200) throw new Error(`${ticker(i)}: ${res.status}`);
          }
          next = Math.min(next, upTo);
        }),
      );
    for (const upTo of SAMPLES) {
      await sendUpTo(upTo);
      gc();
      gc();
      heap.push({ series: upTo, heapMiB: process.memoryUsage().heapUsed / 2 ** 20 });
    }
    // The curve, for the note and for anyone reading a failure.
    console.log(
      `heap after GC by series: ${heap.map((h) => `${h.series}: ${h.heapMiB.toFixed(1)} MiB`).join(', ')}`,
    );
    // From the lowest sample: a worker that ran other suites first may still drop their garbage
    // after the first sample, which would hide growth measured from it.
    const lowest = Math.min(...heap.map((h) => h.heapMiB));
    const growth = (heap[heap.length - 1].heapMiB - lowest) * 2 ** 20;
    expect(growth).toBeLessThan(GROWTH_BOUND_BYTES);
  }, 1_500_000);
});
