import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CacheStoreError,
  clipIntervals,
  mergeCandles,
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
import {
  L1_CACHE,
  L2_CACHE,
  OHLC_UPSTREAM,
  type CacheRead,
  type OhlcCachePort,
} from './ohlc-cache.port';
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
 * The read path: L1, then L2, then the provider for what no layer has, with
 * write-through to L2 and L1 before answering. Other apps reuse it as is and
 * swap the provider.
 */
@Injectable()
export class OhlcService {
  private readonly logger = new Logger(OhlcService.name);
  /** Upstream fetches in progress, so concurrent misses share one call. */
  private readonly inFlight = new Map<string, Promise<Candle[]>>();

  constructor(
    @Inject(L1_CACHE) private readonly l1: OhlcCachePort,
    @Inject(L2_CACHE) private readonly l2: OhlcCachePort,
    @Inject(OHLC_UPSTREAM) private readonly provider: OhlcProvider,
    private readonly hours: MarketHoursService,
  ) {}

  get source(): string {
    return this.provider.name;
  }

  async getCandles(query: OhlcQuery): Promise<OhlcResult> {
    const now = this.hours.now();
    const series: SeriesKey = { ...query, source: this.provider.name };
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
      expiresAt,
      ...extra,
    });

    if (range.to <= range.from) return answer('in-memory', []);
    const l1 = await this.l1.read(series, range);
    if (isComplete(range, l1)) return answer('in-memory', l1.candles);

    // L2 never covers a forming candle either, so when only that is missing
    // from L1 the L2 round trip would learn nothing.
    const onlyFormingMissing = subtractIntervals(range, l1.covered).every((g) => g.from >= final);
    let l2: CacheRead = onlyFormingMissing ? l1 : { candles: [], covered: [] };
    let readError: string | undefined;
    if (!onlyFormingMissing) {
      try {
        l2 = await this.l2.read(series, range);
      } catch (error) {
        readError = describe(error);
        this.logger.error(`L2 read for ${seriesId(series)} failed; asking upstream: ${readError}`);
      }
    }
    const gaps = subtractIntervals(range, l2.covered);
    if (gaps.length === 0) {
      await this.l1.write(series, { candles: l2.candles, covered: l2.covered });
      return answer('persistent-cache', l2.candles);
    }

    const span = { from: gaps[0].from, to: gaps[gaps.length - 1].to };
    const fetched = await this.fetchOnce(series, span);
    const stored = fetched.map((c) => this.toStored(series.resolution, c, now, final));
    const covered = clipIntervals([span], { from: span.from, to: final });
    const writeFailed = await this.writeThrough(series, stored, covered);
    const candles = mergeCandles(
      l2.candles.filter((c) => c.start < span.from || c.start >= span.to),
      stored,
    );
    await this.l1.write(series, { candles, covered: [...l2.covered, ...covered] });
    return answer(readError ? 'live-api-degraded' : 'live-api', candles, {
      readError,
      writeFailed,
    });
  }

  private fetchOnce(series: SeriesKey, span: Interval): Promise<Candle[]> {
    const key = `${seriesId(series)}@${span.from}-${span.to}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.provider
        .fetchCandles(series.ticker, series.resolution, span)
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
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
}

function isComplete(range: Interval, read: CacheRead): boolean {
  return subtractIntervals(range, read.covered).length === 0;
}

function ageSeconds(layer: CacheLayer, candles: readonly StoredCandle[], now: number): number {
  if (layer === 'live-api' || layer === 'live-api-degraded' || candles.length === 0) return 0;
  const oldest = Math.min(...candles.map((c) => c.fetchedAt));
  return Math.max(0, Math.floor((now - oldest) / 1000));
}

function describe(error: unknown): string {
  if (error instanceof CacheStoreError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
