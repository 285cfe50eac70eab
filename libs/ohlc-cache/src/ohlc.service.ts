import { Injectable, Logger } from '@nestjs/common';
import {
  DAY_MS,
  isIntraday,
  mergeCandles,
  ProviderUnavailableError,
  seriesId,
  subtractIntervals,
  type Interval,
  type Resolution,
  type SeriesKey,
  type StoredCandle,
} from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import type { OhlcProvider } from '@app/market-data';
import { describeError } from './describe-error';
import { GapFiller } from './fetch/gap-filler';
import { InFlightFetches, type FlightResult } from './fetch/in-flight-fetches';
import { OhlcCacheCounters } from './ohlc-cache.counters';
import type { CacheRead, L1Cache, L2Cache } from './ohlc-cache.port';
import { InjectL1Cache, InjectL2Cache, InjectOhlcUpstreams } from './ohlc-cache.decorators';
import type { CacheLayer, OhlcResult } from './ohlc-result';
import { cacheHorizon } from './cache-horizon';

export interface OhlcQuery {
  /** Upper-case symbol. */
  readonly ticker: string;
  readonly resolution: Resolution;
  /** Candle starts to serve, `[from, to)` in epoch ms. */
  readonly range: Interval;
}

/**
 * Reads of the layers that find a fetch finished meanwhile are repeated this
 * often before a request claims its gaps regardless (see `InFlightFetches`).
 */
const MAX_READS = 3;

/** Upstream failed; carries what the cache could still serve. */
class UpstreamFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly cached: OhlcResult | undefined,
  ) {
    super('upstream failed', { cause: error });
  }
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
  private readonly flights = new InFlightFetches();

  constructor(
    @InjectL1Cache() private readonly l1: L1Cache,
    @InjectL2Cache() private readonly l2: L2Cache,
    @InjectOhlcUpstreams() private readonly providers: readonly OhlcProvider[],
    private readonly hours: MarketHoursService,
    private readonly filler: GapFiller,
    private readonly counters: OhlcCacheCounters,
  ) {}

  async getCandles(query: OhlcQuery): Promise<OhlcResult> {
    const result = await this.fromProviders(query);
    if (!isIntraday(query.resolution) || (result?.candles.length ?? 0) > 0) {
      return result ?? noProviderFor(query.resolution);
    }
    // The dashboard still draws a chart when a ticker has no intraday feed.
    const daily = await this.fromProviders({
      ...query,
      resolution: 'D',
      range: this.dailyRangeOf(query.range),
    });
    if (!daily?.candles.length) return result ?? daily ?? noProviderFor('D');
    return { ...daily, resolutionFallback: { requested: query.resolution } };
  }

  /** The first provider that can serve the query; undefined when none has its resolution. */
  private async fromProviders(query: OhlcQuery): Promise<OhlcResult | undefined> {
    const eligible = this.providers.filter((p) => p.resolutions.includes(query.resolution));
    let first: UpstreamFailure | undefined;
    for (const provider of eligible) {
      try {
        return await this.fromSource(query, provider);
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

  private async fromSource(query: OhlcQuery, provider: OhlcProvider): Promise<OhlcResult> {
    const now = this.hours.now();
    const series: SeriesKey = { ...query, source: provider.name };
    const { final, horizon } = cacheHorizon(
      this.hours,
      series.resolution,
      now,
      provider.settlement,
    );
    const range = { from: query.range.from, to: Math.min(query.range.to, horizon) };
    const expiresAt = this.hours.isOpen(now) ? this.hours.nextClose(now) : this.hours.nextOpen(now);
    const answer = (
      layer: CacheLayer,
      candles: readonly StoredCandle[],
      extra: Partial<OhlcResult> = {},
    ): OhlcResult => ({
      series,
      candles,
      layer,
      ageSeconds: ageSeconds(layer, candles, now),
      writeFailed: false,
      partial: false,
      expiresAt,
      ...extra,
    });

    if (range.to <= range.from) return answer('in-memory', []);
    for (let reads = 1; ; reads++) {
      const seen = this.flights.version(series);
      const l1 = await this.l1.read(series, range);
      const l1Gaps = subtractIntervals(range, l1.covered);
      if (l1Gaps.length === 0) return answer('in-memory', l1.candles);

      // L2 never covers a forming candle either, so when only that is missing
      // from L1 the L2 round trip would learn nothing.
      const onlyFormingMissing = l1Gaps.every((g) => g.from >= final);
      let cached: CacheRead = onlyFormingMissing ? l1 : { candles: [], covered: [] };
      let readError: string | undefined;
      if (!onlyFormingMissing) {
        try {
          cached = await this.l2.read(series, range);
        } catch (error) {
          readError = describeError(error);
          this.logger.error(
            `L2 read for ${seriesId(series)} failed; asking upstream: ${readError}`,
          );
        }
      }
      const gaps = subtractIntervals(range, cached.covered);
      if (gaps.length === 0) {
        await this.l1.write(series, { candles: cached.candles, covered: cached.covered });
        return answer('persistent-cache', cached.candles);
      }

      const claim = this.flights.claim(series, gaps, reads < MAX_READS ? seen : undefined);
      // A fetch of this series finished while the layers were read: read again.
      if (!claim) continue;
      this.counters.singleFlightJoins += claim.joined.length;
      let filled: FlightResult[];
      try {
        filled = await Promise.all([
          ...claim.joined,
          ...(claim.own.length > 0
            ? [
                claim.run(() =>
                  this.filler.fill(series, claim.own, {
                    provider,
                    now,
                    final,
                    previous: cached.expired,
                  }),
                ),
              ]
            : []),
        ]);
      } catch (error) {
        const servable = cached.candles.length > 0 ? cached.candles : l1.candles;
        const layer = servable === l1.candles ? 'in-memory' : 'persistent-cache';
        throw new UpstreamFailure(
          error,
          servable.length > 0
            ? answer(layer, servable, { partial: true, readError, upstreamError: error })
            : undefined,
        );
      }
      if (cached !== l1) {
        await this.l1.write(series, { candles: cached.candles, covered: cached.covered });
      }
      const fetched = filled
        .flatMap((f) => f.candles)
        .filter((c) => c.start >= range.from && c.start < range.to);
      return answer(
        readError ? 'live-api-degraded' : 'live-api',
        mergeCandles(cached.candles, fetched),
        {
          readError,
          writeFailed: filled.some((f) => f.writeFailed),
        },
      );
    }
  }

  /** The trading dates (as 00:00Z daily candle starts) that an intraday range spans in New York. */
  private dailyRangeOf(range: Interval): Interval {
    return {
      from: this.hours.nyDateStartUtc(range.from),
      to: this.hours.nyDateStartUtc(range.to - 1) + DAY_MS,
    };
  }
}

function ageSeconds(layer: CacheLayer, candles: readonly StoredCandle[], now: number): number {
  if (layer === 'live-api' || layer === 'live-api-degraded' || candles.length === 0) return 0;
  const oldest = Math.min(...candles.map((c) => c.fetchedAt));
  return Math.max(0, Math.floor((now - oldest) / 1000));
}

function noProviderFor(resolution: Resolution): never {
  throw new ProviderUnavailableError(
    '(none)',
    `no configured provider serves resolution ${resolution}`,
  );
}
