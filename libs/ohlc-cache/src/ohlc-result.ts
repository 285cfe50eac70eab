import type { Adjustment, Resolution, SeriesKey, StoredCandle } from '@app/ohlc-core';
import type { VolumeScope } from '@app/market-data';
import type { ResultBasis } from './result-basis';

/** Which layer answered (the `X-Cache-Source` header values, docs/api.md#response-headers). */
export type CacheLayer = 'in-memory' | 'persistent-cache' | 'live-api' | 'live-api-degraded';

export interface OhlcResult {
  readonly series: SeriesKey;
  /** Oldest first, no duplicates; empty when no layer and no upstream has any. */
  readonly candles: readonly StoredCandle[];
  readonly layer: CacheLayer;
  /** Seconds since the served data was fetched from upstream (0 when upstream was called). */
  readonly ageSeconds: number;
  /** Short description of the L2 read failure when `layer` is `live-api-degraded`. */
  readonly readError?: string;
  /** True when the write-through to L2 failed (the data was still served). */
  readonly writeFailed: boolean;
  /** Epoch ms of the next session close while the market is open, else the next open. */
  readonly expiresAt: number;
  /**
   * True when upstream was needed but failed, and only what the cache holds
   * is served: the range may have gaps.
   */
  readonly partial: boolean;
  /** The price view of `candles`: computed from raw prices and stored splits and dividends. */
  readonly adjustment: Adjustment;
  /**
   * False when an adjusted view may lack a split or dividend: one on a session
   * after the first candle's, up to today, that no source can tell yet (a
   * daily row not published, a feed the plan refuses). Absent: complete.
   */
  readonly adjustmentComplete?: boolean;
  /** What `volume` counts, when the provider says (`exchange-only` for Tiingo's IEX bars). */
  readonly volumeScope?: VolumeScope;
  /**
   * Why a `partial` result is partial: the first provider's error (a
   * `RateLimitedError` says when to try again). Absent on complete results.
   */
  readonly upstreamError?: unknown;
  /**
   * Present when intraday candles were unavailable and daily ones are served
   * instead; how to tell the user is the caller's business.
   */
  readonly resolutionFallback?: {
    readonly requested: Resolution;
  };
  /**
   * What the result was read from (see `ResultFreshness`); absent on results
   * not made by `OhlcService.getCandles`, which are then never reused.
   */
  readonly basis?: ResultBasis;
  /**
   * Epoch ms after which the result may no longer be reused even if nothing
   * was written (the corporate actions behind an adjusted view are asked
   * for again then); absent: `expiresAt` alone decides.
   */
  readonly reuseUntil?: number;
}

/** How far from memory each layer is, nearest first (`X-Cache-Source` of a result built from several reads). */
const LAYER_DEPTH: readonly CacheLayer[] = [
  'in-memory',
  'persistent-cache',
  'live-api',
  'live-api-degraded',
];

/** The layer furthest from memory among those given: where the slowest part of an answer came from. */
export function deeperLayer(first: CacheLayer, ...others: (CacheLayer | undefined)[]): CacheLayer {
  return others.reduce<CacheLayer>(
    (deepest, layer) =>
      layer && LAYER_DEPTH.indexOf(layer) > LAYER_DEPTH.indexOf(deepest) ? layer : deepest,
    first,
  );
}

/** `X-Cache-Age` of an answer from `layer`: 0 when upstream was called. */
export function ageSeconds(
  layer: CacheLayer,
  candles: readonly StoredCandle[],
  now: number,
): number {
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
