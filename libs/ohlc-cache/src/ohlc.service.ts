import { Injectable, Logger } from '@nestjs/common';
import {
  CacheStoreError,
  clipIntervals,
  DAY_MS,
  isIntraday,
  mergeCandles,
  ProviderUnavailableError,
  seriesId,
  subtractIntervals,
  type Candle,
  type Interval,
  type Resolution,
  type SeriesKey,
  type StoredCandle,
} from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import type { OhlcProvider } from '@app/market-data';
import type { CacheRead, L1Cache, L2Cache } from './ohlc-cache.port';
import { InjectL1Cache, InjectL2Cache, InjectOhlcUpstreams } from './ohlc-cache.decorators';
import type { CacheLayer, OhlcResult } from './ohlc-result';
import { cacheHorizon, provenCompleteUntil } from './cache-horizon';

export interface OhlcQuery {
  /** Upper-case symbol. */
  readonly ticker: string;
  readonly resolution: Resolution;
  /** Candle starts to serve, `[from, to)` in epoch ms. */
  readonly range: Interval;
}

/** One upstream fetch: the span of a series, and the instants its freshness is judged at. */
interface FetchPlan {
  readonly provider: OhlcProvider;
  readonly series: SeriesKey;
  readonly span: Interval;
  /** Epoch ms the request started at. */
  readonly now: number;
  /** Candles starting before this are closed (see `cacheHorizon`). */
  readonly final: number;
}

/** What one upstream call brought and what became of its write-through. */
interface Fetched {
  readonly stored: StoredCandle[];
  /** Spans now known complete (closed candles only). */
  readonly covered: Interval[];
  readonly writeFailed: boolean;
}

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
 * The read path: L1, then L2, then the providers for what no layer has, with
 * write-through to L2 and L1 before answering. Other apps reuse it as is and
 * swap the providers.
 */
@Injectable()
export class OhlcService {
  private readonly logger = new Logger(OhlcService.name);
  /** Upstream fetches in progress, so concurrent misses share one call. */
  private readonly inFlight = new Map<string, Promise<Fetched>>();

  constructor(
    @InjectL1Cache() private readonly l1: L1Cache,
    @InjectL2Cache() private readonly l2: L2Cache,
    @InjectOhlcUpstreams() private readonly providers: readonly OhlcProvider[],
    private readonly hours: MarketHoursService,
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
          `${provider.name} could not serve ${query.ticker}: ${describe(error.error)}`,
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
    const { final, horizon } = cacheHorizon(this.hours, series.resolution, now);
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
        readError = describe(error);
        this.logger.error(`L2 read for ${seriesId(series)} failed; asking upstream: ${readError}`);
      }
    }
    const gaps = subtractIntervals(range, cached.covered);
    if (gaps.length === 0) {
      await this.l1.write(series, { candles: cached.candles, covered: cached.covered });
      return answer('persistent-cache', cached.candles);
    }

    const span = { from: gaps[0].from, to: gaps[gaps.length - 1].to };
    let fetched: Fetched;
    try {
      fetched = await this.fetchOnce({ provider, series, span, now, final });
    } catch (error) {
      const servable = cached.candles.length > 0 ? cached.candles : l1.candles;
      const layer = servable === l1.candles ? 'in-memory' : 'persistent-cache';
      throw new UpstreamFailure(
        error,
        servable.length > 0 ? answer(layer, servable, { partial: true, readError }) : undefined,
      );
    }
    const candles = mergeCandles(
      cached.candles.filter((c) => c.start < span.from || c.start >= span.to),
      fetched.stored,
    );
    await this.l1.write(series, { candles, covered: [...cached.covered, ...fetched.covered] });
    return answer(readError ? 'live-api-degraded' : 'live-api', candles, {
      readError,
      writeFailed: fetched.writeFailed,
    });
  }

  /** One upstream call and one write-through however many requests miss the same span at once. */
  private fetchOnce(plan: FetchPlan): Promise<Fetched> {
    const key = `${seriesId(plan.series)}@${plan.span.from}-${plan.span.to}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.fetchAndWrite(plan).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async fetchAndWrite({ provider, series, span, now, final }: FetchPlan): Promise<Fetched> {
    const fetched = await provider.fetchCandles(series.ticker, series.resolution, span);
    const stored = fetched.map((c) => this.toStored(series.resolution, c, now, final));
    const coveredTo = provenCompleteUntil(this.hours, series.resolution, span.to, final);
    const covered = clipIntervals([{ from: span.from, to: coveredTo }], {
      from: span.from,
      to: final,
    });
    const writeFailed = await this.writeThrough(series, stored, covered);
    return { stored, covered, writeFailed };
  }

  /** A candle still forming expires at its end, so no layer serves it once it has closed. */
  private toStored(resolution: Resolution, c: Candle, now: number, final: number): StoredCandle {
    return c.start < final
      ? { ...c, fetchedAt: now }
      : { ...c, fetchedAt: now, expiresAt: this.hours.candleEnd(resolution, c.start) };
  }

  /** Returns true when the L2 write failed; the caller still serves the data. */
  private async writeThrough(
    series: SeriesKey,
    candles: StoredCandle[],
    covered: Interval[],
  ): Promise<boolean> {
    try {
      await this.l2.write(series, { candles, covered });
      return false;
    } catch (error) {
      this.logger.error(
        `L2 write-through of ${candles.length} candles for ${seriesId(series)} failed: ${describe(error)}`,
      );
      return true;
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

function describe(error: unknown): string {
  if (error instanceof CacheStoreError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
