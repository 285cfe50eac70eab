import { Injectable } from '@nestjs/common';
import { mergeCandles, seriesId, type StoredCandle } from '@app/ohlc-core';
import { InjectL1Cache } from '../ohlc-cache.decorators';
import type { L1Cache } from '../ohlc-cache.port';
import { ageSeconds, type CacheLayer, type OhlcResult } from '../ohlc-result';
import type { Filled } from './gap-claims';
import { writeOf, type LayerRead } from './layer-reader';
import type { SeriesWindow } from './series-window';

/** Upstream failed; carries what the cache could still serve. */
export class UpstreamFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly cached: OhlcResult | undefined,
  ) {
    super('upstream failed', { cause: error });
  }
}

/**
 * Step three of the read path: the answer from what the layers held and the
 * fills brought. When a fill failed, what could still be served travels in
 * an `UpstreamFailure`, for the next provider to improve on.
 */
@Injectable()
export class AnswerAssembly {
  constructor(@InjectL1Cache() private readonly l1: L1Cache) {}

  fromLayers(window: SeriesWindow, read: Extract<LayerRead, { kind: 'complete' }>): OhlcResult {
    return answer(window, read.version, read.layer, read.cached.candles, {
      reuseUntil: read.nextCheckAt,
    });
  }

  /** @throws UpstreamFailure when a fill failed */
  async afterFill(
    window: SeriesWindow,
    read: Extract<LayerRead, { kind: 'gaps' }>,
    filled: Filled,
  ): Promise<OhlcResult> {
    const { l1, cached, readError, version } = read;
    const { fetched, writeFailed, failure } = filled;
    const fetchedLayer = readError ? 'live-api-degraded' : 'live-api';
    if (failure) {
      const servable = cached.candles.length > 0 ? cached.candles : l1.candles;
      const cachedLayer = servable === l1.candles ? 'in-memory' : 'persistent-cache';
      const upstreamError = failure.error;
      // What the calls before the failure fetched is stored, and served too.
      const partial =
        fetched.length > 0
          ? answer(window, version, fetchedLayer, mergeCandles(servable, fetched), {
              partial: true,
              readError,
              writeFailed,
              upstreamError,
            })
          : servable.length > 0
            ? answer(window, version, cachedLayer, servable, {
                partial: true,
                readError,
                upstreamError,
              })
            : undefined;
      throw new UpstreamFailure(upstreamError, partial);
    }
    if (!read.fromL1)
      await this.l1.write(window.series, writeOf(cached), window.generation.assumed);
    return answer(window, version, fetchedLayer, mergeCandles(cached.candles, fetched), {
      readError,
      writeFailed,
      reuseUntil: read.nextCheckAt,
    });
  }

  /** A window the cache horizon leaves empty (all of it still to come). */
  nothingYet(window: SeriesWindow, version: number): OhlcResult {
    return answer(window, version, 'in-memory', []);
  }
}

function answer(
  window: SeriesWindow,
  version: number,
  layer: CacheLayer,
  candles: readonly StoredCandle[],
  extra: Partial<OhlcResult> = {},
): OhlcResult {
  const { series, provider, now, expiresAt, log, range, final } = window;
  // Past `final` the answer can change, even where it holds no candle yet.
  log.note(
    { id: seriesId(series), version },
    range.to > final || candles.some((c) => c.expiresAt !== undefined),
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
}
