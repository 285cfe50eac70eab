import { Injectable, Logger } from '@nestjs/common';
import {
  adjustCandles,
  DAY_MS,
  isIntraday,
  ProviderUnavailableError,
  type Adjustment,
  type Interval,
  type Resolution,
  type StoredCandle,
} from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import type { OhlcProvider } from '@app/market-data';
import { cacheHorizon } from './cache-horizon';
import { describeError } from './describe-error';
import { SeriesVersions } from './l1/series-versions';
import { InjectOhlcUpstreams } from './ohlc-cache.decorators';
import type { OhlcResult } from './ohlc-result';
import { AnswerAssembly, UpstreamFailure } from './read/answer-assembly';
import { GapClaims } from './read/gap-claims';
import { LayerReader } from './read/layer-reader';
import type { ReadScope, SeriesWindow } from './read/series-window';
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
}

/**
 * Daily candles read before an adjusted window's first session: a dividend
 * on that session needs the close of the one before it, a week back at most.
 */
const PREVIOUS_CLOSE_LOOKBACK_MS = 10 * DAY_MS;

/**
 * Reads of the layers that find a fetch finished meanwhile are repeated this
 * often before a request claims its gaps regardless (see `InFlightFetches`).
 */
const MAX_READS = 3;

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
    private readonly versions: SeriesVersions,
    private readonly generations: TickerGenerations,
    private readonly layers: LayerReader,
    private readonly claims: GapClaims,
    private readonly answers: AnswerAssembly,
  ) {}

  async getCandles(query: OhlcQuery): Promise<OhlcResult> {
    // Confirmed while the layers are read (not before): an invalidation that
    // the confirmation reveals voids the reads, a later one retires the answer.
    const generation = this.generations.check(query.ticker);
    const log = new ReadLog();
    const scope: ReadScope = { log, generation };
    const result = await this.inView(
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

  /**
   * `result` in the `requested` price view: factors from the splits and
   * dividends on the same source's daily candles, from the window's first
   * session through today (fetched first where the cache lacks them, so an
   * event announced after the window still counts). Stored candles stay raw:
   * a new event changes the factors, never what is stored.
   */
  private async inView(
    result: OhlcResult,
    requested: Adjustment,
    scope: ReadScope,
  ): Promise<OhlcResult> {
    // Already adjusted upstream (Finnhub's daily candles): adjusting again would count events twice.
    if (requested === 'raw' || result.candles.length === 0 || result.adjustment !== 'raw') {
      return result;
    }
    const { series } = result;
    const provider = this.providers.find((p) => p.name === series.source);
    if (!provider?.resolutions.includes('D')) return result;
    const intraday = isIntraday(series.resolution);
    const firstSession = intraday
      ? this.hours.nyDateStartUtc(result.candles[0].start)
      : result.candles[0].start;
    const range = { from: firstSession - PREVIOUS_CLOSE_LOOKBACK_MS, to: Number.MAX_SAFE_INTEGER };
    let daily: OhlcResult;
    try {
      daily = await this.fromSource({ ...series, resolution: 'D', range }, provider, scope);
    } catch (error) {
      if (!(error instanceof UpstreamFailure)) throw error;
      if (!error.cached) throw error.error;
      daily = error.cached;
    }
    let candles: StoredCandle[];
    try {
      candles = adjustCandles(result.candles, {
        adjustment: requested,
        daily: daily.candles,
        sessionDateOf: intraday ? (start) => this.hours.nyDateStartUtc(start) : undefined,
      });
    } catch (error) {
      // A dividend whose previous close the cache could not get: no honest factor exists.
      if (!(error instanceof RangeError)) throw error;
      throw new ProviderUnavailableError(provider.name, `cannot adjust prices: ${error.message}`);
    }
    return { ...result, candles, adjustment: requested, partial: result.partial || daily.partial };
  }

  /** The first provider that can serve the query; undefined when none has its resolution. */
  private async fromProviders(query: OhlcQuery, scope: ReadScope): Promise<OhlcResult | undefined> {
    const eligible = this.providers.filter((p) => p.resolutions.includes(query.resolution));
    let first: UpstreamFailure | undefined;
    for (const provider of eligible) {
      try {
        return await this.fromSource(query, provider, scope);
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

  /** The read path for one source: the layers, then the gaps they lack, then the answer. */
  private async fromSource(
    query: OhlcQuery,
    provider: OhlcProvider,
    scope: ReadScope,
  ): Promise<OhlcResult> {
    const window = this.windowOf(query, provider, scope);
    if (window.range.to <= window.range.from) {
      return this.answers.nothingYet(window, this.versions.of(window.series));
    }
    for (let reads = 1; ;) {
      const read = await this.layers.read(window);
      if (read.kind === 'stale') continue;
      if (read.kind === 'complete') return this.answers.fromLayers(window, read);
      const filled = await this.claims.fill(window, read, reads < MAX_READS);
      if (filled) return this.answers.afterFill(window, read, filled);
      // A fetch of this series finished while the layers were read: read again.
      reads++;
    }
  }

  /** The query as one source's series, cut at what may be cached now. */
  private windowOf(query: OhlcQuery, provider: OhlcProvider, scope: ReadScope): SeriesWindow {
    const now = this.hours.now();
    const series = { ticker: query.ticker, resolution: query.resolution, source: provider.name };
    const { final, horizon } = cacheHorizon(
      this.hours,
      series.resolution,
      now,
      provider.settlement,
    );
    return {
      ...scope,
      series,
      provider,
      client: query.client,
      now,
      final,
      range: { from: query.range.from, to: Math.min(query.range.to, horizon) },
      expiresAt: this.hours.isOpen(now) ? this.hours.nextClose(now) : this.hours.nextOpen(now),
    };
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
