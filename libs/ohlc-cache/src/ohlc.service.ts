import { Injectable, Logger } from '@nestjs/common';
import {
  adjustCandles,
  DAY_MS,
  isIntraday,
  mergeCandles,
  ProviderUnavailableError,
  seriesId,
  subtractIntervals,
  type Adjustment,
  type Interval,
  type Resolution,
  type SeriesKey,
  type StoredCandle,
} from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import type { OhlcProvider } from '@app/market-data';
import { describeError } from './describe-error';
import { NO_CACHE_OBSERVER, type CacheObserver } from './cache-observer.port';
import { GapFiller } from './fetch/gap-filler';
import { FillAdmission } from './fetch/fill-admission';
import { InFlightFetches } from './fetch/in-flight-fetches';
import { PartialFillError } from './fetch/partial-fill.error';
import { OhlcCacheCounters } from './ohlc-cache.counters';
import type { CacheRead, L1Cache, L2Cache } from './ohlc-cache.port';
import {
  InjectCacheObserver,
  InjectL1Cache,
  InjectL2Cache,
  InjectOhlcUpstreams,
} from './ohlc-cache.decorators';
import type { CacheLayer, OhlcResult } from './ohlc-result';
import { cacheHorizon } from './cache-horizon';
import { SeriesVersions } from './l1/series-versions';
import { ReadLog } from './reuse/result-basis';
import { TickerGenerations, type GenerationCheck } from './ticker-generations';

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
  private readonly flights: InFlightFetches;
  /** L2 reads in flight, shared by identical ones (see `readL2`). */
  private readonly l2Reads = new Map<string, Promise<CacheRead>>();

  constructor(
    @InjectL1Cache() private readonly l1: L1Cache,
    @InjectL2Cache() private readonly l2: L2Cache,
    @InjectOhlcUpstreams() private readonly providers: readonly OhlcProvider[],
    private readonly hours: MarketHoursService,
    private readonly filler: GapFiller,
    private readonly counters: OhlcCacheCounters,
    private readonly versions: SeriesVersions,
    private readonly generations: TickerGenerations,
    private readonly admission: FillAdmission,
    @InjectCacheObserver() private readonly observer: CacheObserver = NO_CACHE_OBSERVER,
  ) {
    // As many series as L1's own versions track: a flight's version guards the same reads.
    this.flights = new InFlightFetches(versions.maxSeries);
  }

  async getCandles(query: OhlcQuery): Promise<OhlcResult> {
    // Confirmed while the layers are read (not before): an invalidation that
    // the confirmation reveals voids the reads, a later one retires the answer.
    const generation = this.generations.check(query.ticker);
    const log = new ReadLog();
    const result = await this.inView(
      await this.rawCandles(query, log, generation),
      query.adjustment ?? 'raw',
      log,
      generation,
    );
    // Settled already unless no layer was read.
    await generation.confirm();
    return {
      ...result,
      basis: { generation: generation.assumed, reads: log.reads, volatile: log.volatile },
    };
  }

  private async rawCandles(
    query: OhlcQuery,
    log: ReadLog,
    generation: GenerationCheck,
  ): Promise<OhlcResult> {
    const result = await this.fromProviders(query, log, generation);
    if (!isIntraday(query.resolution) || (result?.candles.length ?? 0) > 0) {
      return result ?? noProviderFor(query.resolution);
    }
    // The dashboard still draws a chart when a ticker has no intraday feed.
    const daily = await this.fromProviders(
      { ...query, resolution: 'D', range: this.dailyRangeOf(query.range) },
      log,
      generation,
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
    log: ReadLog,
    generation: GenerationCheck,
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
      daily = await this.fromSource(
        { ...series, resolution: 'D', range },
        provider,
        log,
        generation,
      );
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
  private async fromProviders(
    query: OhlcQuery,
    log: ReadLog,
    generation: GenerationCheck,
  ): Promise<OhlcResult | undefined> {
    const eligible = this.providers.filter((p) => p.resolutions.includes(query.resolution));
    let first: UpstreamFailure | undefined;
    for (const provider of eligible) {
      try {
        return await this.fromSource(query, provider, log, generation);
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

  private async fromSource(
    query: OhlcQuery,
    provider: OhlcProvider,
    log: ReadLog,
    generation: GenerationCheck,
  ): Promise<OhlcResult> {
    const now = this.hours.now();
    const series: SeriesKey = {
      ticker: query.ticker,
      resolution: query.resolution,
      source: provider.name,
    };
    /** The series' L1 version before the read that answers (see `SeriesVersions`). */
    let version = this.versions.of(series);
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
    ): OhlcResult => {
      log.note(
        { id: seriesId(series), version },
        candles.some((c) => c.expiresAt !== undefined),
      );
      return {
        series,
        candles,
        layer,
        ageSeconds: ageSeconds(layer, candles, now),
        writeFailed: false,
        partial: false,
        expiresAt,
        adjustment: provider.priceAdjustment?.[series.resolution] ?? 'raw',
        volumeScope: provider.volumeScope?.[series.resolution],
        ...extra,
      };
    };

    if (range.to <= range.from) return answer('in-memory', []);
    for (let reads = 1; ;) {
      const seen = this.flights.version(series);
      version = this.versions.of(series);
      const assumed = generation.assumed;
      const l1 = await this.l1.read(series, range, assumed);
      const l1Gaps = subtractIntervals(range, l1.covered);
      // L2 never covers a forming candle either, so when only that is missing
      // from L1 the L2 round trip would learn nothing. Nor when this process
      // is fetching all of it already (a burst of requests for a cold series):
      // the fetch looks at L2 itself under its lease, and joining it is enough.
      const onlyFormingMissing = l1Gaps.every((g) => g.from >= final);
      const skipL2 = onlyFormingMissing || this.flights.fetching(series, l1Gaps);
      if (!skipL2) this.admission.checkClient(query.client);
      const l2Read = skipL2 ? undefined : this.readL2(series, range, assumed, seen);
      // An invalidation this instance had not seen: read again under the new generation.
      if (!(await generation.confirm())) continue;
      this.observer.layerRead('l1', l1Gaps.length === 0 ? 'hit' : 'miss');
      if (l1Gaps.length === 0) return answer('in-memory', l1.candles);

      let cached: CacheRead = skipL2 ? l1 : { candles: [], covered: [] };
      let readError: string | undefined;
      if (l2Read) {
        const read = await l2Read;
        if ('error' in read) readError = read.error;
        else cached = read.cached;
      }
      const gaps = subtractIntervals(range, cached.covered);
      if (l2Read) {
        this.observer.layerRead('l2', readError ? 'error' : gaps.length === 0 ? 'hit' : 'miss');
      }
      if (gaps.length === 0) {
        await this.l1.write(series, { candles: cached.candles, covered: cached.covered }, assumed);
        return answer('persistent-cache', cached.candles);
      }

      // Joining fetches already running costs nothing; a fetch of its own needs a slot.
      const release = this.flights.fetching(series, gaps)
        ? undefined
        : this.admission.admit(query.client, provider);
      const claim = this.flights.claim(series, gaps, reads < MAX_READS ? seen : undefined);
      if (!claim || claim.own.length === 0) release?.();
      // A fetch of this series finished while the layers were read: read again.
      if (!claim) {
        reads++;
        continue;
      }
      this.counters.singleFlightJoins += claim.joined.length;
      const settled = await Promise.allSettled([
        ...claim.joined,
        ...(claim.own.length > 0
          ? [
              claim.run(() =>
                this.filler
                  .fill(series, claim.own, { provider, now, final, previous: cached.expired })
                  .finally(release),
              ),
            ]
          : []),
      ]);
      const filled = settled.flatMap((s) =>
        s.status === 'fulfilled' ? [s.value] : PartialFillError.piecesOf(s.reason),
      );
      const fetched = filled
        .flatMap((f) => f.candles)
        .filter((c) => c.start >= range.from && c.start < range.to);
      const writeFailed = filled.some((f) => f.writeFailed);
      const failure = settled.find((s) => s.status === 'rejected');
      if (failure) {
        const servable = cached.candles.length > 0 ? cached.candles : l1.candles;
        const cachedLayer = servable === l1.candles ? 'in-memory' : 'persistent-cache';
        const upstreamError = PartialFillError.causeOf(failure.reason);
        // What the calls before the failure fetched is stored, and served too.
        const partial =
          fetched.length > 0
            ? answer(
                readError ? 'live-api-degraded' : 'live-api',
                mergeCandles(servable, fetched),
                { partial: true, readError, writeFailed, upstreamError },
              )
            : servable.length > 0
              ? answer(cachedLayer, servable, { partial: true, readError, upstreamError })
              : undefined;
        throw new UpstreamFailure(upstreamError, partial);
      }
      if (cached !== l1) {
        await this.l1.write(series, { candles: cached.candles, covered: cached.covered }, assumed);
      }
      return answer(
        readError ? 'live-api-degraded' : 'live-api',
        mergeCandles(cached.candles, fetched),
        { readError, writeFailed },
      );
    }
  }

  /**
   * Reads L2, a failure logged and returned rather than thrown: the request
   * then goes upstream, marked degraded. Requests for the same range in the
   * same state share a read in flight (a burst for one series costs one):
   * the same assumed generation, so the read was sent after it was learnt,
   * and the same `InFlightFetches` version, so a fetch that finished since
   * the read was sent still refuses the claim and the request reads again.
   */
  private readL2(
    series: SeriesKey,
    range: Interval,
    generation: number,
    flightVersion: number,
  ): Promise<{ cached: CacheRead } | { error: string }> {
    const key = `${seriesId(series)}|${range.from}|${range.to}|${generation}|${flightVersion}`;
    let read = this.l2Reads.get(key);
    if (!read) {
      read = this.l2.read(series, range);
      this.l2Reads.set(key, read);
      const forget = () => this.l2Reads.delete(key);
      read.then(forget, forget);
    }
    return read.then(
      (cached) => ({ cached }),
      (error: unknown) => {
        const message = describeError(error);
        this.logger.error(`L2 read for ${seriesId(series)} failed; asking upstream: ${message}`);
        return { error: message };
      },
    );
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
  return ageSecondsAt(oldestFetch(candles), now);
}

/** `X-Cache-Age` of an answer whose oldest candle was fetched at `oldestFetchedAt` (epoch ms). */
export function ageSecondsAt(oldestFetchedAt: number, now: number): number {
  return Math.max(0, Math.floor((now - oldestFetchedAt) / 1000));
}

/** Epoch ms of the earliest `fetchedAt` among `candles` (Infinity when none). */
export function oldestFetch(candles: readonly StoredCandle[]): number {
  let oldest = Infinity;
  for (const c of candles) if (c.fetchedAt < oldest) oldest = c.fetchedAt;
  return oldest;
}

function noProviderFor(resolution: Resolution): never {
  throw new ProviderUnavailableError(
    '(none)',
    `no configured provider serves resolution ${resolution}`,
  );
}
