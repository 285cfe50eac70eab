import { createCache } from 'cache-manager';
import type { Keyv } from 'keyv';
import { FixedClock } from '@app/market-hours/testing';
import { makeCandles } from '../testing';
import { ByteBoundedStore } from './byte-bounded.store';
import { CandleBucket } from './candle-bucket';
import type { OhlcCacheModuleOptions, SharedL1Store } from '../ohlc-cache.options';
import { createL1Store, l1CacheManagerOptions } from './l1-store';
import { MemoryCandleStore } from './memory-candle.store';

const FIVE_MIN = 5 * 60_000;
const optionsWith = (shared: SharedL1Store): OhlcCacheModuleOptions => ({
  provider: undefined as never,
  l1: { shared },
  l2: { backend: 'embedded', tableName: 't' },
});
const DAY = 86_400_000;

describe(MemoryCandleStore.name, () => {
  const clock = new FixedClock('2025-12-08T12:00:00Z');
  const series = { ticker: 'AAPL', source: 'demo', resolution: '5' as const };
  const from = Date.parse('2025-12-01T14:30:00Z');

  const store = (maxEntries = 100, maxBytes = 2 ** 30) =>
    new MemoryCandleStore(createCache({ stores: [createL1Store(maxBytes, maxEntries)] }), clock);

  it('answers any sub-range of what it holds as complete', async () => {
    const sut = store();
    const candles = makeCandles(from, FIVE_MIN, 78 * 3);
    await sut.write(series, { candles, covered: [{ from, to: from + 3 * DAY }] });
    const window = { from: from + DAY + 7 * FIVE_MIN, to: from + DAY + 31 * FIVE_MIN };
    const read = await sut.read(series, window);
    expect(read.covered).toEqual([window]);
    expect(read.candles.map((c) => c.start)).toEqual(
      candles.filter((c) => c.start >= window.from && c.start < window.to).map((c) => c.start),
    );
  });

  it('never reports a partly held range as complete', async () => {
    const sut = store();
    await sut.write(series, {
      candles: makeCandles(from, FIVE_MIN, 10),
      covered: [{ from, to: from + 10 * FIVE_MIN }],
    });
    const read = await sut.read(series, { from, to: from + 20 * FIVE_MIN });
    expect(read.covered).toEqual([{ from, to: from + 10 * FIVE_MIN }]);
    expect(read.candles).toHaveLength(10);
  });

  it('keeps the candles of one series apart from another resolution or source', async () => {
    const sut = store();
    await sut.write(series, {
      candles: makeCandles(from, FIVE_MIN, 2),
      covered: [{ from, to: from + 2 * FIVE_MIN }],
    });
    const other = await sut.read(
      { ...series, source: 'tiingo' },
      { from, to: from + 2 * FIVE_MIN },
    );
    expect(other).toEqual({ candles: [], covered: [] });
  });

  it('keeps the latest check of a not-yet-final span with its bucket, and returns it for ranges reaching it', async () => {
    const sut = store();
    const span = { from: from + 2 * FIVE_MIN, to: from + 3 * FIVE_MIN };
    const check = { span, closedUntil: span.from, at: from + 2 * FIVE_MIN + 30_000 };
    await sut.write(series, { candles: [], covered: [{ from, to: span.from }], checks: [check] });
    await sut.write(series, { candles: [], covered: [], checks: [{ ...check, at: check.at - 1 }] });

    await expect(sut.read(series, { from, to: span.to })).resolves.toMatchObject({
      checks: [check],
    });
    await expect(sut.read(series, { from, to: span.from })).resolves.not.toHaveProperty('checks');
  });

  it('hides an expired forming candle and lets a later write replace it', async () => {
    const sut = store();
    const [closed, forming] = makeCandles(from, FIVE_MIN, 2);
    await sut.write(series, {
      candles: [closed, { ...forming, expiresAt: clock.now() - 1 }],
      covered: [{ from, to: from + FIVE_MIN }],
    });
    expect((await sut.read(series, { from, to: from + 2 * FIVE_MIN })).candles).toEqual([closed]);
    const final = { ...forming, close: 999, high: 1_000 };
    await sut.write(series, {
      candles: [final],
      covered: [{ from: from + FIVE_MIN, to: from + 2 * FIVE_MIN }],
    });
    const read = await sut.read(series, { from, to: from + 2 * FIVE_MIN });
    expect(read.candles).toEqual([closed, final]);
    expect(read.covered).toEqual([{ from, to: from + 2 * FIVE_MIN }]);
  });

  it('keeps the final candle when a copy fetched while forming arrives after it', async () => {
    const sut = store();
    const [final] = makeCandles(from, FIVE_MIN, 1);
    const range = { from, to: from + FIVE_MIN };
    await sut.write(series, { candles: [final], covered: [range] });
    const late = { ...final, close: final.close - 0.5, expiresAt: clock.now() + DAY };
    await sut.write(series, { candles: [late], covered: [] });
    expect(await sut.read(series, range)).toEqual({ candles: [final], covered: [range] });
  });

  it('merges concurrent writes to one entry without losing either', async () => {
    const sut = store();
    const a = makeCandles(from, FIVE_MIN, 2);
    const b = makeCandles(from + 2 * FIVE_MIN, FIVE_MIN, 2);
    await Promise.all([
      sut.write(series, { candles: a, covered: [{ from, to: from + 2 * FIVE_MIN }] }),
      sut.write(series, {
        candles: b,
        covered: [{ from: from + 2 * FIVE_MIN, to: from + 4 * FIVE_MIN }],
      }),
    ]);
    const read = await sut.read(series, { from, to: from + 4 * FIVE_MIN });
    expect(read.candles).toHaveLength(4);
    expect(read.covered).toEqual([{ from, to: from + 4 * FIVE_MIN }]);
  });

  it('is bounded: the least recently used entry is evicted', async () => {
    const sut = store(2);
    const day = (n: number) => ({ from: from + n * DAY, to: from + n * DAY + FIVE_MIN });
    for (const n of [0, 1]) {
      await sut.write(series, {
        candles: makeCandles(day(n).from, FIVE_MIN, 1),
        covered: [day(n)],
      });
    }
    await sut.read(series, day(0));
    await sut.write(series, { candles: makeCandles(day(2).from, FIVE_MIN, 1), covered: [day(2)] });
    expect((await sut.read(series, day(0))).covered).toEqual([day(0)]);
    expect((await sut.read(series, day(1))).covered).toEqual([]);
    expect((await sut.read(series, day(2))).covered).toEqual([day(2)]);
  });

  it('keeps daily splits and dividends, and a forming candle expiry, through its compact form', async () => {
    const sut = store();
    const day = Date.parse('2025-12-01T00:00:00Z');
    const [a, withVolume, c] = makeCandles(day, DAY, 3);
    const b = { ...withVolume };
    delete (b as { volume?: number }).volume;
    const candles = [
      { ...a, splitFactor: 4, divCash: 0 },
      b,
      { ...c, expiresAt: clock.now() + DAY },
    ];
    await sut.write(
      { ...series, resolution: 'D' },
      { candles, covered: [{ from: day, to: day + 2 * DAY }] },
    );
    const read = await sut.read({ ...series, resolution: 'D' }, { from: day, to: day + 3 * DAY });
    expect(read.candles).toStrictEqual(candles);
  });

  it('holds its byte bound however much is written, evicting the least recently used', async () => {
    const maxBytes = 64 * 1024;
    const keyv = createL1Store(maxBytes, 1_000_000);
    const sut = new MemoryCandleStore(createCache({ stores: [keyv] }), clock);
    const bytes = () => (keyv.store as ByteBoundedStore).bytes;
    let peak = 0;
    // 40 days of 78 five-minute candles: about four times the bound.
    for (let n = 0; n < 40; n++) {
      const day = { from: from + n * DAY, to: from + n * DAY + 78 * FIVE_MIN };
      await sut.write(series, { candles: makeCandles(day.from, FIVE_MIN, 78), covered: [day] });
      peak = Math.max(peak, bytes());
    }
    expect(peak).toBeLessThanOrEqual(maxBytes);
    expect(bytes()).toBeGreaterThan(maxBytes / 2);
    // 56 bytes a candle plus a fixed cost per entry: well under 100 bytes a candle.
    expect(
      bytes() / (await sut.read(series, { from, to: from + 40 * DAY })).candles.length,
    ).toBeLessThan(100);
    const newest = { from: from + 39 * DAY, to: from + 39 * DAY + 78 * FIVE_MIN };
    expect((await sut.read(series, newest)).covered).toEqual([newest]);
    expect((await sut.read(series, { from, to: from + FIVE_MIN })).covered).toEqual([]);
  });

  it('keeps a newer forming copy when an older one is written back after it', async () => {
    const sut = store();
    const forming = (close: number, fetchedAt: number) => ({
      ...makeCandles(from, FIVE_MIN, 1)[0],
      close,
      fetchedAt,
      expiresAt: clock.now() + FIVE_MIN,
    });
    await sut.write(series, { candles: [forming(101, 2_000)], covered: [] });
    // A read of L2 made before that fetch, written back to L1 after it.
    await sut.write(series, { candles: [forming(100, 1_000)], covered: [] });
    const read = await sut.read(series, { from, to: from + FIVE_MIN });
    expect(read.candles.map((c) => c.close)).toEqual([101]);
  });

  describe('with a shared tier behind the process one', () => {
    /** The shared store, as a Redis one would hold it: strings by key. */
    class FakeSharedStore implements SharedL1Store {
      readonly entries = new Map<string, string>();
      get(key: string) {
        return Promise.resolve(this.entries.get(key));
      }
      getMany(keys: string[]) {
        return Promise.resolve(keys.map((key) => this.entries.get(key)));
      }
      set(key: string, value: string) {
        this.entries.set(key, value);
        return Promise.resolve(true);
      }
      delete(key: string) {
        return Promise.resolve(this.entries.delete(key));
      }
      clear() {
        this.entries.clear();
        return Promise.resolve();
      }
    }
    const instance = (shared: SharedL1Store) =>
      new MemoryCandleStore(
        createCache({ stores: l1CacheManagerOptions(optionsWith(shared)).stores as Keyv[] }),
        clock,
      );

    it('serves another instance what one wrote, in the compact encoding, and keeps a copy in-process', async () => {
      const shared = new FakeSharedStore();
      const candles = makeCandles(from, FIVE_MIN, 78).map((c, i) =>
        i === 77 ? { ...c, expiresAt: clock.now() + DAY, splitFactor: 2 } : c,
      );
      const covered = [{ from, to: from + 77 * FIVE_MIN }];
      await instance(shared).write(series, { candles, covered });
      expect([...shared.entries.values()]).toEqual([CandleBucket.of(candles, covered).encode()]);

      const other = instance(shared);
      const read = await other.read(series, { from, to: from + DAY });
      expect(read).toEqual({ candles, covered });

      shared.entries.clear();
      await expect(other.read(series, { from, to: from + DAY })).resolves.toEqual(read);
    });

    it('carries the check of a not-yet-final span through the shared tier', async () => {
      const shared = new FakeSharedStore();
      const candles = makeCandles(from, FIVE_MIN, 3);
      const covered = [{ from, to: from + 2 * FIVE_MIN }];
      const span = { from: from + 2 * FIVE_MIN, to: from + 3 * FIVE_MIN };
      const check = { span, closedUntil: span.from, at: span.from + 30_000 };
      await instance(shared).write(series, { candles, covered, checks: [check] });
      const [encoded] = shared.entries.values();
      expect(CandleBucket.decode(encoded)).toEqual(CandleBucket.of(candles, covered, check));

      await expect(instance(shared).read(series, { from, to: from + DAY })).resolves.toEqual({
        candles,
        covered,
        checks: [check],
      });
    });
  });
});
