import type { Interval, SeriesKey } from '@app/ohlc-core';
import type { CacheRead, CacheWrite, OhlcCachePort } from '../ohlc-cache.port';
import type { TickerGenerations } from '../ticker-generations';

/**
 * L1 as the service sees it: the memory store, with each series kept under its
 * ticker's current invalidation generation (docs/architecture.md#invalidation).
 * Once a ticker is invalidated, entries filled under an older generation are
 * never read again and age out of the LRU.
 */
export class GenerationScopedStore implements OhlcCachePort {
  constructor(
    private readonly inner: OhlcCachePort,
    private readonly generations: TickerGenerations,
  ) {}

  async read(series: SeriesKey, range: Interval): Promise<CacheRead> {
    return this.inner.read(await this.scoped(series), range);
  }

  async write(series: SeriesKey, write: CacheWrite): Promise<void> {
    return this.inner.write(await this.scoped(series), write);
  }

  /** Generation 0 (never invalidated) keeps the series as it is, so its keys stay readable. */
  private async scoped(series: SeriesKey): Promise<SeriesKey> {
    const generation = await this.generations.current(series.ticker);
    return generation === 0 ? series : { ...series, source: `${series.source}~g${generation}` };
  }
}
