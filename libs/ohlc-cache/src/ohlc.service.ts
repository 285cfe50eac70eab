import { Injectable, Logger } from '@nestjs/common';
import {
  DAY_MS,
  isIntraday,
  ProviderUnavailableError,
  type Adjustment,
  type Interval,
  type Resolution,
} from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import type { OhlcProvider } from '@app/market-data';
import { describeError } from './describe-error';
import { InjectOhlcUpstreams } from './ohlc-cache.decorators';
import type { OhlcResult } from './ohlc-result';
import { AdjustedView } from './read/adjusted-view';
import { UpstreamFailure } from './read/answer-assembly';
import type { ReadScope } from './read/series-window';
import { SourceReader } from './read/source-reader';
import { ReadLog } from './result-basis';
import { TickerGenerations } from './l1/ticker-generations';

export interface OhlcQuery {
  /** Upper-case symbol. */
  readonly ticker: string;
  readonly resolution: Resolution;
  /** Candle starts to serve, `[from, to)` in epoch ms. */
  readonly range: Interval;
  /** Price view; default `raw`. Adjusted views are computed at read time, never stored. */
  readonly adjustment?: Adjustment;
  /**
   * Who asks (an API key's name, an address), for each client's share of the
   * fetches from upstream (`FillAdmission`); without it only the instance's bound applies.
   */
  readonly client?: string;
  /**
   * The forming candle, and the closed but unsettled ones before it, count as
   * fresh when any instance fetched them at or after this instant (epoch ms),
   * and only then: live pollers on shared ticks pass the tick, so one instance
   * of a fleet asks upstream (for both parts, in one call) and the others read
   * what it wrote. Default: the forming candle is fetched by every request,
   * unsettled ones within the refresh window (`RefreshOptions.unsettledMs`).
   */
  readonly freshSince?: number;
}

/**
 * The read path: L1, then L2, then the providers for exactly what no layer
 * has, with write-through to L2 and L1 before answering. Concurrent requests
 * share fetches of overlapping gaps. Other apps reuse it as is and swap the
 * providers.
 */
@Injectable()
export class OhlcService {
  private readonly logger = new Logger(OhlcService.name);

  constructor(
    @InjectOhlcUpstreams() private readonly providers: readonly OhlcProvider[],
    private readonly hours: MarketHoursService,
    private readonly generations: TickerGenerations,
    private readonly source: SourceReader,
    private readonly adjusted: AdjustedView,
  ) {}

  async getCandles(query: OhlcQuery): Promise<OhlcResult> {
    // Confirmed with the layer reads (not before them; an L2 read carries it):
    // an invalidation that the confirmation reveals voids the reads, a later
    // one retires the answer.
    const generation = this.generations.check(query.ticker);
    const log = new ReadLog();
    const scope: ReadScope = { log, generation };
    const result = await this.adjusted.apply(
      await this.rawCandles(query, scope),
      query.adjustment ?? 'raw',
      scope,
    );
    // Settled already unless no layer was read.
    await generation.confirm();
    return {
      ...result,
      basis: { generation: generation.assumed, reads: log.reads, volatile: log.volatile },
    };
  }

  private async rawCandles(query: OhlcQuery, scope: ReadScope): Promise<OhlcResult> {
    const result = await this.fromProviders(query, scope);
    if (!isIntraday(query.resolution) || (result?.candles.length ?? 0) > 0) {
      return result ?? noProviderFor(query.resolution);
    }
    // The dashboard still draws a chart when a ticker has no intraday feed.
    const daily = await this.fromProviders(
      { ...query, resolution: 'D', range: this.dailyRangeOf(query.range) },
      scope,
    );
    if (!daily?.candles.length) return result ?? daily ?? noProviderFor('D');
    return { ...daily, resolutionFallback: { requested: query.resolution } };
  }

  /** The first provider that can serve the query; undefined when none has its resolution. */
  private async fromProviders(query: OhlcQuery, scope: ReadScope): Promise<OhlcResult | undefined> {
    const eligible = this.providers.filter((p) => p.resolutions.includes(query.resolution));
    let first: UpstreamFailure | undefined;
    for (const provider of eligible) {
      try {
        return await this.source.read(query, provider, scope);
      } catch (error) {
        if (!(error instanceof UpstreamFailure)) throw error;
        first ??= error;
        this.logger.warn(
          `${provider.name} could not serve ${query.ticker}: ${describeError(error.error)}`,
        );
      }
    }
    if (!first) return undefined;
    if (first.cached) return first.cached;
    throw first.error;
  }

  /** The trading dates (as 00:00Z daily candle starts) that an intraday range spans in New York. */
  private dailyRangeOf(range: Interval): Interval {
    return {
      from: this.hours.nyDateStartUtc(range.from),
      to: this.hours.nyDateStartUtc(range.to - 1) + DAY_MS,
    };
  }
}

function noProviderFor(resolution: Resolution): never {
  throw new ProviderUnavailableError(
    '(none)',
    `no configured provider serves resolution ${resolution}`,
  );
}
