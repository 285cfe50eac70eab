import {
  CacheStoreError,
  ProviderUnavailableError,
  RateLimitedError,
  type Interval,
  type SeriesKey,
} from '@app/ohlc-core';
import { MarketHoursService, NyseCalendar } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import type { OhlcProvider } from '@app/market-data';
import { GapFiller } from './fetch/gap-filler';
import { InFlightFetches } from './fetch/in-flight-fetches';
import { UpstreamCalls } from './fetch/upstream-calls';
import { WriteThrough } from './fetch/write-through';
import { AnswerAssembly } from './read/answer-assembly';
import { GapClaims } from './read/gap-claims';
import { LayerReader } from './read/layer-reader';
import { GenerationScopedStore } from './l1/generation-scoped.store';
import { SeriesVersions } from './l1/series-versions';
import type { CacheRead, CacheWrite, L1Cache, OhlcCachePort } from './ohlc-cache.port';
import { OhlcCacheCounters } from './ohlc-cache.counters';
import { CorporateActionsFeed } from './freshness/corporate-actions-feed';
import { MissingSpans } from './freshness/missing-spans';
import { Reverification } from './freshness/reverification';
import { AdjustedView } from './read/adjusted-view';
import { SourceReader } from './read/source-reader';
import {
  FakeCacheStore,
  FakeCorporateActionsStore,
  FakeFetchLease,
  FakeL2Admin,
  makeCandles,
  ScriptedProvider,
} from './testing';
import { NO_CACHE_OBSERVER, type CacheObserver } from './cache-observer.port';
import { OhlcService } from './ohlc.service';
import { FillAdmission } from './fetch/fill-admission';
import { WriteReplayQueue } from './write-replay/write-replay-queue';
import { TickerGenerations } from './l1/ticker-generations';

interface Around {
  readonly lease?: FakeFetchLease;
  readonly observer?: CacheObserver;
  readonly generations?: TickerGenerations;
  readonly admission?: FillAdmission;
}

/** The service with hand-written layers and lease around it, as the module wires it. */
function serviceOver(
  l1: L1Cache,
  l2: FakeCacheStore,
  providers: OhlcProvider[],
  clock: FixedClock,
  {
    lease = new FakeFetchLease(),
    observer = NO_CACHE_OBSERVER,
    generations = new TickerGenerations(new FakeL2Admin(), clock, OPTIONS_OF(providers)),
    admission = new FillAdmission(OPTIONS_OF(providers), clock),
  }: Around = {},
): OhlcService {
  const hours = new MarketHoursService(clock, new NyseCalendar());
  const counters = new OhlcCacheCounters();
  const options = OPTIONS_OF(providers);
  const writeThrough = new WriteThrough(l1, l2, new WriteReplayQueue(l2, options));
  const upstream = new UpstreamCalls(counters, hours, writeThrough);
  const missing = new MissingSpans(new Reverification(hours));
  const filler = new GapFiller(
    l2,
    lease,
    counters,
    hours,
    options,
    upstream,
    writeThrough,
    missing,
  );
  const versions = new SeriesVersions(1_000);
  const flights = new InFlightFetches(versions.maxSeries);
  const source = new SourceReader(
    hours,
    versions,
    new LayerReader(l1, l2, flights, versions, admission, missing, observer),
    new GapClaims(flights, filler, admission, counters),
    new AnswerAssembly(l1),
    options,
  );
  const feed = new CorporateActionsFeed(
    new FakeCorporateActionsStore(),
    hours,
    versions,
    counters,
    options,
  );
  const adjusted = new AdjustedView(providers, hours, source, feed, versions);
  return new OhlcService(providers, hours, generations, source, adjusted);
}

function OPTIONS_OF(providers: OhlcProvider[]) {
  return { provider: providers[0], l2: { backend: 'embedded' as const, tableName: 't' } };
}

/** L1 keyed by series, so the generation `GenerationScopedStore` puts in the source keeps entries apart. */
class SeriesKeyedStore implements OhlcCachePort {
  readonly stores = new Map<string, FakeCacheStore>();

  read(series: SeriesKey, range: Interval): Promise<CacheRead> {
    return (this.stores.get(keyOf(series)) ?? new FakeCacheStore()).read(series, range);
  }

  write(series: SeriesKey, write: CacheWrite): Promise<void> {
    const store = this.stores.get(keyOf(series)) ?? new FakeCacheStore();
    this.stores.set(keyOf(series), store);
    return store.write(series, write);
  }
}

const keyOf = (s: SeriesKey) => `${s.ticker}#${s.source}#${s.resolution}`;

/** An L2 whose reads wait at `gate` before answering, and may swap their data once answered. */
class ScriptedL2 extends FakeCacheStore {
  gate: Promise<void> = Promise.resolve();
  /** Applied after the next read answered: another instance changing L2 right after it. */
  afterRead?: () => void;

  override async read(series: SeriesKey, range: Interval): Promise<CacheRead> {
    await this.gate;
    const read = await super.read(series, range);
    const change = this.afterRead;
    this.afterRead = undefined;
    change?.();
    return read;
  }
}

/** Generations whose reads are answered only once `gate` opens, to see what the service does meanwhile. */
class GatedL2Admin extends FakeL2Admin {
  gate: Promise<void> = Promise.resolve();

  override async generation(ticker: string): Promise<number> {
    const generation = super.generation(ticker);
    await this.gate;
    return generation;
  }
}

const FIVE_MIN = 5 * 60_000;
const DAY = 86_400_000;

/** Notes every layer read the service reports. */
class RecordingObserver implements CacheObserver {
  readonly reads: string[] = [];
  layerRead(layer: 'l1' | 'l2', outcome: 'hit' | 'miss' | 'error'): void {
    this.reads.push(`${layer} ${outcome}`);
  }
  l2Operation(): void {}
}
/** Monday 2025-12-08, 10:02 New York: the 10:00 five-minute candle is forming. */
const IN_SESSION = '2025-12-08T15:02:00Z';
const OPEN = Date.parse('2025-12-08T14:30:00Z');

describe(OhlcService.name, () => {
  let clock: FixedClock;
  let l1: FakeCacheStore;
  let l2: FakeCacheStore;
  let provider: ScriptedProvider;
  let sut: OhlcService;
  const query = {
    ticker: 'AAPL',
    resolution: '5' as const,
    range: { from: OPEN, to: OPEN + 6 * FIVE_MIN },
  };

  beforeEach(() => {
    clock = new FixedClock(IN_SESSION);
    l1 = new FakeCacheStore();
    l2 = new FakeCacheStore();
    provider = new ScriptedProvider(makeCandles(OPEN, FIVE_MIN, 7));
    sut = serviceOver(l1, l2, [provider], clock);
  });

  it('fetches a cold range of closed candles once and covers all of it', async () => {
    const result = await sut.getCandles(query);
    expect(result.layer).toBe('live-api');
    expect(result.candles.map((c) => c.start)).toEqual(
      makeCandles(OPEN, FIVE_MIN, 6).map((c) => c.start),
    );
    expect(provider.calls).toEqual([query.range]);
    expect(l2.writes[0].covered).toEqual([query.range]);
    expect(l2.writes[0].candles.every((c) => c.expiresAt === undefined)).toBe(true);
  });

  it('refetches only the forming candle while the session is open', async () => {
    const range = { from: OPEN, to: OPEN + 7 * FIVE_MIN };
    await sut.getCandles({ ...query, range });
    const l2ReadsOfFirst = l2.reads;
    clock.advance(30_000);
    const second = await sut.getCandles({ ...query, range });
    expect(second.layer).toBe('live-api');
    expect(provider.calls[1]).toEqual({ from: OPEN + 6 * FIVE_MIN, to: OPEN + 7 * FIVE_MIN });
    // Only the forming part was missing from L1, so L2 was not asked again.
    expect(l2.reads).toBe(l2ReadsOfFirst);
    const forming = l2.writes[1].candles[0];
    expect(forming.expiresAt).toBe(OPEN + 7 * FIVE_MIN);
    expect(l2.writes[1].covered).toEqual([]);
  });

  it('serves a full L2 hit and fills L1 with it', async () => {
    l2.candles = makeCandles(OPEN, FIVE_MIN, 6, clock.now() - 10_000);
    l2.covered = [query.range];
    const result = await sut.getCandles(query);
    expect(result).toMatchObject({ layer: 'persistent-cache', ageSeconds: 10 });
    expect(provider.calls).toHaveLength(0);
    expect((await sut.getCandles(query)).layer).toBe('in-memory');
  });

  it('asks upstream only for the gap of a partly covered range', async () => {
    l2.candles = makeCandles(OPEN, FIVE_MIN, 3);
    l2.covered = [{ from: OPEN, to: OPEN + 3 * FIVE_MIN }];
    const result = await sut.getCandles(query);
    expect(provider.calls).toEqual([{ from: OPEN + 3 * FIVE_MIN, to: OPEN + 6 * FIVE_MIN }]);
    expect(result.candles).toHaveLength(6);
  });

  it('degrades to upstream when the L2 read fails and says why', async () => {
    l2.failReads = new CacheStoreError('L2 read failed: connection refused');
    const result = await sut.getCandles(query);
    expect(result).toMatchObject({
      layer: 'live-api-degraded',
      readError: 'L2 read failed: connection refused',
      writeFailed: false,
    });
    expect(result.candles).toHaveLength(6);
  });

  it('serves the data but reports a failed write-through', async () => {
    l2.failWrites = new CacheStoreError('L2 write failed: 2 candle writes unprocessed');
    const result = await sut.getCandles(query);
    expect(result).toMatchObject({ layer: 'live-api', writeFailed: true });
    expect(result.candles).toHaveLength(6);
    expect((await sut.getCandles(query)).layer).toBe('in-memory');
  });

  it('propagates an upstream failure when nothing is cached', async () => {
    provider.failWith = new ProviderUnavailableError('scripted', 'down');
    await expect(sut.getCandles(query)).rejects.toThrow(ProviderUnavailableError);
  });

  it('shares one upstream call and one write-through between concurrent identical misses', async () => {
    const [a, b] = await Promise.all([sut.getCandles(query), sut.getCandles(query)]);
    expect(provider.calls).toHaveLength(1);
    expect(l2.writes).toHaveLength(1);
    expect(a.candles).toEqual(b.candles);
  });

  it('shares one L2 read between concurrent identical requests', async () => {
    l2.candles = makeCandles(OPEN, FIVE_MIN, 6);
    l2.covered = [query.range];
    const [a, b] = await Promise.all([sut.getCandles(query), sut.getCandles(query)]);
    expect(l2.reads).toBe(1);
    expect([a.layer, b.layer]).toEqual(['persistent-cache', 'persistent-cache']);
    expect(b.candles).toEqual(a.candles);
    // Once answered, the next request reads for itself (L1 has it here).
    l1.candles = [];
    l1.covered = [];
    await sut.getCandles(query);
    expect(l2.reads).toBe(2);
  });

  it('joins a fetch of everything it lacks without reading L2 first', async () => {
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    const fetchCandles = provider.fetchCandles.bind(provider);
    const slow: OhlcProvider = {
      ...provider,
      name: provider.name,
      resolutions: provider.resolutions,
      fetchCandles: (ticker, resolution, range) =>
        held.then(() => fetchCandles(ticker, resolution, range)),
    };
    sut = serviceOver(l1, l2, [slow], clock);
    const first = sut.getCandles(query);
    // The first request read L2, looked again under its lease, and is fetching now.
    while (l2.reads < 2) await new Promise(setImmediate);
    const second = sut.getCandles(query);
    await new Promise(setImmediate);
    answer();
    const [a, b] = await Promise.all([first, second]);

    expect(l2.reads).toBe(2);
    expect(provider.calls).toHaveLength(1);
    expect(b.candles).toEqual(a.candles);
    expect(b.layer).toBe('live-api');
  });

  it('sets the expiry to the next close while open and the next open after it', async () => {
    expect((await sut.getCandles(query)).expiresAt).toBe(Date.parse('2025-12-08T21:00:00Z'));
    clock.set('2025-12-08T22:00:00Z');
    expect((await sut.getCandles(query)).expiresAt).toBe(Date.parse('2025-12-09T14:30:00Z'));
  });

  it('serves what is cached, marked partial, when upstream fails for the rest', async () => {
    l2.candles = makeCandles(OPEN, FIVE_MIN, 3);
    l2.covered = [{ from: OPEN, to: OPEN + 3 * FIVE_MIN }];
    provider.failWith = new RateLimitedError('scripted', clock.now() + 60_000);
    const result = await sut.getCandles(query);
    // The error travels with the result, so a caller can wait until retryAt.
    expect(result).toMatchObject({
      layer: 'persistent-cache',
      partial: true,
      upstreamError: provider.failWith,
    });
    expect(result.candles).toHaveLength(3);
  });

  it('tries the fallback provider, caching under its own name, when the primary fails', async () => {
    const backup = new ScriptedProvider(makeCandles(OPEN, FIVE_MIN, 6), 'backup');
    provider.failWith = new ProviderUnavailableError('scripted', 'down');
    sut = serviceOver(l1, l2, [provider, backup], clock);
    const result = await sut.getCandles(query);
    expect(result).toMatchObject({ layer: 'live-api', series: { source: 'backup' } });
    expect(backup.calls).toEqual([query.range]);
  });

  it('answers with daily candles when no intraday data exists', async () => {
    const day = Date.parse('2025-12-08T00:00:00Z');
    provider.candles = makeCandles(day - 7 * 86_400_000, 86_400_000, 8);
    const result = await sut.getCandles(query);
    expect(result.series.resolution).toBe('D');
    expect(result.candles.map((c) => c.start)).toEqual([day]);
    // How to word it for the user is the API's business (fallbackMessage).
    expect(result.resolutionFallback).toEqual({ requested: '5' });
  });

  it('stores and serves, marked partial, what the calls before a failed one fetched', async () => {
    clock = new FixedClock('2025-12-13T15:00:00Z');
    sut = serviceOver(l1, l2, [provider], clock);
    const from = Date.parse('2025-11-17T00:00:00Z');
    const held = { from: from + 7 * DAY, to: from + 19 * DAY };
    const heldCandles = makeCandles(held.from, DAY, 12);
    l2.candles = heldCandles;
    l2.covered = [held];
    provider.candles = makeCandles(from, DAY, 26);
    provider.failWith = new ProviderUnavailableError('scripted', 'HTTP 502');
    provider.failFromCall = 2;

    const result = await sut.getCandles({
      ticker: 'AAPL',
      resolution: 'D',
      range: { from, to: from + 26 * DAY },
    });

    // The second gap's call failed: the first gap's candles are served with the held ones.
    expect(provider.calls).toHaveLength(2);
    expect(result).toMatchObject({ layer: 'live-api', partial: true, writeFailed: false });
    expect(result.candles.map((c) => c.start)).toEqual(
      [...makeCandles(from, DAY, 5), ...heldCandles].map((c) => c.start),
    );
    expect(l2.writes.flatMap((w) => w.covered)).toContainEqual({ from, to: held.from });
  });

  it('reports each layer read as a hit or a miss', async () => {
    const observer = new RecordingObserver();
    sut = serviceOver(l1, l2, [provider], clock, { observer });
    const closed = { ...query, range: { from: OPEN, to: OPEN + 5 * FIVE_MIN } };

    await sut.getCandles(closed);
    await sut.getCandles(closed);
    l2.failReads = new CacheStoreError('L2 read failed: down');
    // A Saturday: no intraday candles, so the daily fallback reads the layers too.
    await sut.getCandles({ ...closed, range: { from: OPEN - 2 * DAY, to: OPEN - DAY } });

    expect(observer.reads).toEqual([
      ...['l1 miss', 'l2 miss', 'l1 hit'],
      ...['l1 miss', 'l2 error', 'l1 miss', 'l2 error'],
    ]);
  });

  it('answers with daily candles when no provider has the resolution', async () => {
    const dailyOnly = new ScriptedProvider(
      makeCandles(Date.parse('2025-12-08T00:00:00Z'), 86_400_000, 1),
      'eod',
      ['D'],
    );
    sut = serviceOver(l1, l2, [dailyOnly], clock);
    const result = await sut.getCandles(query);
    expect(result.resolutionFallback?.requested).toBe('5');
    expect(dailyOnly.calls).toHaveLength(1);
  });

  describe('with L1 kept per invalidation generation', () => {
    const closed = { ...query, range: { from: OPEN, to: OPEN + 5 * FIVE_MIN } };
    const before = makeCandles(OPEN, FIVE_MIN, 5);
    /** What L2 holds once another instance invalidated the ticker and refetched it. */
    const after = before.map((c) => ({ ...c, close: c.close + 0.5 }));
    let admin: GatedL2Admin;
    let scoped: ScriptedL2;
    let memory: SeriesKeyedStore;

    beforeEach(() => {
      admin = new GatedL2Admin();
      scoped = new ScriptedL2();
      scoped.candles = before;
      scoped.covered = [closed.range];
      memory = new SeriesKeyedStore();
      const generations = new TickerGenerations(admin, clock, OPTIONS_OF([provider]));
      const l1Scoped = new GenerationScopedStore(memory, generations, new SeriesVersions(1_000));
      sut = serviceOver(l1Scoped, scoped, [provider], clock, { generations });
    });

    /** Another instance deletes the ticker from L2, then bumps its generation. */
    const invalidateElsewhere = () => {
      scoped.candles = after;
      admin.generations.set('AAPL', (admin.generations.get('AAPL') ?? 0) + 1);
    };
    const closes = (candles: readonly { close: number }[]) => candles.map((c) => c.close);

    it('reads L2 while the generation is being read, not after it', async () => {
      let open!: () => void;
      admin.gate = new Promise((resolve) => (open = resolve));
      const answer = sut.getCandles(closed);
      await new Promise((resolve) => setImmediate(resolve));
      expect(scoped.reads).toBe(1);
      expect(admin.generationReads).toBe(1);
      open();
      await expect(answer).resolves.toMatchObject({
        layer: 'persistent-cache',
        basis: { generation: 0 },
      });
    });

    it('reads again when the generation read alongside shows an invalidation it had not seen', async () => {
      // The L2 read is answered before the deletion; the generation read alongside, after the bump.
      admin.generations.set('AAPL', 1);
      scoped.afterRead = () => (scoped.candles = after);
      const result = await sut.getCandles(closed);

      expect(closes(result.candles)).toEqual(closes(after));
      expect(result).toMatchObject({ layer: 'persistent-cache', basis: { generation: 1 } });
      expect(scoped.reads).toBe(2);
      // What the void read brought was kept under no generation.
      expect([...memory.stores.keys()]).toEqual(['AAPL#scripted~g1#5']);
      expect((await sut.getCandles(closed)).layer).toBe('in-memory');
    });

    it('does not serve L1 filled under a generation another instance has since retired', async () => {
      await sut.getCandles(closed);
      expect((await sut.getCandles(closed)).layer).toBe('in-memory');
      invalidateElsewhere();

      // Within the check interval the copy is trusted (documented); after it, reread.
      expect(closes((await sut.getCandles(closed)).candles)).toEqual(closes(before));
      clock.advance(5_000);
      const result = await sut.getCandles(closed);

      expect(result).toMatchObject({ layer: 'persistent-cache', basis: { generation: 1 } });
      expect(closes(result.candles)).toEqual(closes(after));
      expect((await sut.getCandles(closed)).layer).toBe('in-memory');
    });

    it('keeps the copy it knows while the generation is unreadable, serving from L2', async () => {
      admin.failReads = new Error('L2 down for GetItem');
      const result = await sut.getCandles(closed);
      expect(result).toMatchObject({ layer: 'persistent-cache', basis: { generation: 0 } });
    });
  });
});
