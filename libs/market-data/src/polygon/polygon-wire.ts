import type { Candle, IntradayResolution, Resolution } from '@app/ohlc-core';
import {
  compactCandle,
  isRecord,
  numberOrNaN,
  optionalNumber,
  unexpectedShape,
} from '../validation/wire-values';

/**
 * Polygon (Massive) aggregates path segments `{multiplier}/{timespan}` per
 * resolution. Hourly candles are built from 30-minute bars: Polygon's `hour`
 * bars start on the clock hour, not on the session grid from 09:30.
 */
export const POLYGON_RANGE: Readonly<Record<Resolution, string>> = {
  '1': '1/minute',
  '5': '5/minute',
  '15': '15/minute',
  '30': '30/minute',
  '60': '30/minute',
  D: '1/day',
};

/** The bar size asked for upstream: every resolution as itself but `60` (from `30`). */
export function polygonWireResolution(resolution: IntradayResolution): IntradayResolution {
  return resolution === '60' ? '30' : resolution;
}

/** One page of an aggregates answer: its bars and the next page's URL, if any. */
export interface PolygonAggsPage {
  readonly candles: Candle[];
  readonly nextUrl?: string;
}

/**
 * A page of `/v2/aggs/...`. `results` is omitted (not `[]`) when a range has
 * no bars. `vw` (volume-weighted price) and `n` (trade count) are dropped: the
 * candle contract has no field for them.
 */
export function pageFromPolygon(body: unknown, provider: string, what: string): PolygonAggsPage {
  if (!isRecord(body)) throw unexpectedShape(provider, what);
  const { results, next_url: nextUrl } = body;
  if (results !== undefined && !Array.isArray(results)) throw unexpectedShape(provider, what);
  return {
    candles: (results ?? []).map(candleFromBar),
    ...(typeof nextUrl === 'string' && nextUrl !== '' && { nextUrl }),
  };
}

function candleFromBar(bar: unknown): Candle {
  const b = isRecord(bar) ? bar : {};
  return compactCandle({
    start: numberOrNaN(b.t),
    open: numberOrNaN(b.o),
    high: numberOrNaN(b.h),
    low: numberOrNaN(b.l),
    close: numberOrNaN(b.c),
    volume: optionalNumber(b.v),
  });
}
