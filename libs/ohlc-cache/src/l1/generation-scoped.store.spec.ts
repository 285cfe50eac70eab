import { FixedClock } from '@app/market-hours/testing';
import type { Interval, SeriesKey } from '@app/ohlc-core';
import type { CacheRead, CacheWrite, OhlcCachePort } from '../ohlc-cache.port';
import { FakeL2Admin, makeCandles } from '../testing';
import { TickerGenerations } from './ticker-generations';
import { GenerationScopedStore } from './generation-scoped.store';
import { SeriesVersions } from './series-versions';

/** Keeps writes per series id, so a test sees which series the store was asked for. */
class SeriesRecordingStore implements OhlcCachePort {
  readonly seen: string[] = [];
  private readonly data = new Map<string, CacheWrite>();

  read(series: SeriesKey, _range: Interval): Promise<CacheRead> {
    this.seen.push(series.source);
    const stored = this.data.get(series.source);
    return Promise.resolve({
      candles: [...(stored?.candles ?? [])],
      covered: [...(stored?.covered ?? [])],
    });
  }

  write(series: SeriesKey, write: CacheWrite): Promise<void> {
    this.data.set(series.source, write);
    return Promise.resolve();
  }
}

describe(GenerationScopedStore.name, () => {
  const series: SeriesKey = { ticker: 'AAPL', source: 'demo', resolution: 'D' };
  const from = Date.parse('2025-12-01T00:00:00Z');
  const range = { from, to: from + 86_400_000 };
  const write = { candles: makeCandles(from, 86_400_000, 1), covered: [range] };

  it('keeps a never invalidated series as it is, and stops reading it once it is invalidated', async () => {
    const l2 = new FakeL2Admin();
    const generations = new TickerGenerations(l2, new FixedClock('2025-12-06T15:00:00Z'), {
      provider: undefined as never,
      l2: { backend: 'embedded', tableName: 't' },
    });
    const inner = new SeriesRecordingStore();
    const versions = new SeriesVersions(1_000);
    const sut = new GenerationScopedStore(inner, generations, versions);

    await sut.write(series, write);
    expect(versions.of(series)).toBe(1);
    expect((await sut.read(series, range)).candles).toHaveLength(1);

    await generations.bump('AAPL');
    await expect(sut.read(series, range)).resolves.toEqual({ candles: [], covered: [] });
    await sut.write(series, write);
    expect((await sut.read(series, range)).candles).toHaveLength(1);
    expect(inner.seen).toEqual(['demo', 'demo~g1', 'demo~g1']);
  });
});
