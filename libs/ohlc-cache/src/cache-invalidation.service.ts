import { Injectable, Logger } from '@nestjs/common';
import type { Resolution } from '@app/ohlc-core';
import type { OhlcProvider } from '@app/market-data';
import { InjectL2Admin, InjectOhlcUpstreams } from './ohlc-cache.decorators';
import type { L2Admin } from './l2-admin.port';
import { TickerGenerations } from './l1/ticker-generations';

export interface Invalidation {
  readonly ticker: string;
  /** Only this resolution was removed; every resolution when absent. */
  readonly resolution?: Resolution;
  /** Providers whose partitions were cleared: the configured ones. */
  readonly sources: string[];
  /** L2 items deleted (candles and coverage buckets). */
  readonly removed: number;
  /** The ticker's generation from now on. */
  readonly generation: number;
}

/**
 * Drops a ticker from both layers (docs/architecture.md#invalidation): its L2
 * items first, then a generation bump that makes every instance's L1 stop
 * serving what it held for the ticker.
 */
@Injectable()
export class CacheInvalidationService {
  private readonly logger = new Logger(CacheInvalidationService.name);

  constructor(
    @InjectL2Admin() private readonly l2: L2Admin,
    @InjectOhlcUpstreams() private readonly providers: readonly OhlcProvider[],
    private readonly generations: TickerGenerations,
  ) {}

  async invalidate(ticker: string, resolution?: Resolution): Promise<Invalidation> {
    const sources = [...new Set(this.providers.map((p) => p.name))];
    // Delete, then bump: an instance that refills L1 from L2 in between does so
    // under the old generation, which the bump retires.
    const removed = await this.l2.deleteSeries(ticker, sources, resolution);
    const generation = await this.generations.bump(ticker);
    this.logger.log(
      `Invalidated ${ticker}${resolution ? ` at resolution ${resolution}` : ''}: ` +
        `${removed} L2 items removed, generation ${generation}`,
    );
    return { ticker, resolution, sources, removed, generation };
  }
}
