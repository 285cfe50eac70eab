import type { Interval, SeriesKey } from '@app/ohlc-core';
import type { CacheRead, CacheWrite, L1Cache, OhlcCachePort } from '../ohlc-cache.port';
import type { TickerGenerations } from './ticker-generations';
import type { SeriesVersions } from './series-versions';

/**
 * L1 as the service sees it: the memory store, with each series kept under its
 * ticker's current invalidation generation (docs/architecture.md#invalidation).
 * Once a ticker is invalidated, entries filled under an older generation are
 * never read again and age out of the LRU. Every write bumps the series'
 * version, which tells readers their answer may be out of date. A caller that
 * confirms the generation itself (`GenerationCheck`) passes it, so the store
 * does not wait for it.
 */
export class GenerationScopedStore implements L1Cache {
  constructor(
    private readonly inner: OhlcCachePort,
    private readonly generations: TickerGenerations,
    private readonly versions: SeriesVersions,
  ) {}

  async read(series: SeriesKey, range: Interval, generation?: number): Promise<CacheRead> {
    return this.inner.read(await this.scoped(series, generation), range);
  }

  async write(series: SeriesKey, write: CacheWrite, generation?: number): Promise<void> {
    try {
      await this.inner.write(await this.scoped(series, generation), write);
    } finally {
      // Even a failed write may have changed part of the series.
      this.versions.bump(series);
    }
  }

  /** Generation 0 (never invalidated) keeps the series as it is, so its keys stay readable. */
  private async scoped(series: SeriesKey, given: number | undefined): Promise<SeriesKey> {
    const generation = given ?? (await this.generations.current(series.ticker));
    return generation === 0 ? series : { ...series, source: `${series.source}~g${generation}` };
  }
}
