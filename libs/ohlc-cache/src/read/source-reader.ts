import { Injectable } from '@nestjs/common';
import type { Interval, Resolution } from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import type { OhlcProvider } from '@app/market-data';
import { cacheHorizon } from '../cache-horizon';
import { DEFAULT_REFRESH, freshSince } from '../freshness/refresh';
import { SeriesVersions } from '../l1/series-versions';
import { InjectOhlcCacheOptions } from '../ohlc-cache.decorators';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';
import type { OhlcResult } from '../ohlc-result';
import { AnswerAssembly } from './answer-assembly';
import { GapClaims } from './gap-claims';
import { LayerReader } from './layer-reader';
import type { ReadScope, SeriesWindow } from './series-window';

/** One series of one source to read: what `OhlcQuery` says, less the price view. */
export interface SourceQuery {
  readonly ticker: string;
  readonly resolution: Resolution;
  /** Candle starts to serve, `[from, to)` in epoch ms; cut at what may exist now. */
  readonly range: Interval;
  readonly client?: string;
  /** Forming and unsettled copies fetched since then count, older ones not (`OhlcQuery.freshSince`). */
  readonly freshSince?: number;
}

/** How a read behind another one (the daily rows behind an adjusted view) may be served. */
export interface SupportingRead {
  /** Only final candles are wanted: the range is cut at `final`. */
  readonly finalOnly?: boolean;
  /** The forming candle too is served from the layers within the unsettled freshness window. */
  readonly formingWithinWindow?: boolean;
}

/**
 * Reads of the layers that find a fetch finished meanwhile are repeated this
 * often before a request claims its gaps regardless (see `InFlightFetches`).
 */
const MAX_READS = 3;

/** The read path for one source: the layers, then the gaps they lack, then the answer. */
@Injectable()
export class SourceReader {
  private readonly unsettledMs: number;

  constructor(
    private readonly hours: MarketHoursService,
    private readonly versions: SeriesVersions,
    private readonly layers: LayerReader,
    private readonly claims: GapClaims,
    private readonly answers: AnswerAssembly,
    @InjectOhlcCacheOptions() options: OhlcCacheModuleOptions,
  ) {
    this.unsettledMs = options.refresh?.unsettledMs ?? DEFAULT_REFRESH.unsettledMs;
  }

  /** @throws UpstreamFailure when upstream was needed and failed (with what could be served) */
  async read(
    query: SourceQuery,
    provider: OhlcProvider,
    scope: ReadScope,
    supporting: SupportingRead = {},
  ): Promise<OhlcResult> {
    const window = this.windowOf(query, provider, scope, supporting);
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
  private windowOf(
    query: SourceQuery,
    provider: OhlcProvider,
    scope: ReadScope,
    supporting: SupportingRead,
  ): SeriesWindow {
    const now = this.hours.now();
    const series = { ticker: query.ticker, resolution: query.resolution, source: provider.name };
    const { final, formingFrom, horizon } = cacheHorizon(
      this.hours,
      series.resolution,
      now,
      provider.settlement,
    );
    const unsettled = freshSince(now, this.unsettledMs);
    return {
      ...scope,
      series,
      provider,
      client: query.client,
      now,
      final,
      formingFrom,
      checksSince:
        query.freshSince === undefined
          ? { unsettled, forming: supporting.formingWithinWindow ? unsettled : now + 1 }
          : { unsettled: query.freshSince, forming: query.freshSince },
      range: {
        from: query.range.from,
        to: Math.min(query.range.to, supporting.finalOnly ? final : horizon),
      },
      expiresAt: this.hours.isOpen(now) ? this.hours.nextClose(now) : this.hours.nextOpen(now),
    };
  }
}
