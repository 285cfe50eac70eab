import { type Candle, parseIsoInstant, type Resolution } from '@app/ohlc-core';
import {
  compactCandle,
  isRecord,
  numberOrNaN,
  optionalNumber,
  unexpectedShape,
} from '../validation/wire-values';

/**
 * Alpaca `timeframe` values per resolution. Hourly candles are built from
 * `30Min` bars: `1Hour` bars start on the clock hour, off the 09:30 grid.
 */
export const ALPACA_TIMEFRAME: Readonly<Record<Resolution, string>> = {
  '1': '1Min',
  '5': '5Min',
  '15': '15Min',
  '30': '30Min',
  '60': '30Min',
  D: '1Day',
};

/** One page of `/v2/stocks/{symbol}/bars`: its bars and the token of the next page, if any. */
export interface AlpacaBarsPage {
  readonly candles: Candle[];
  readonly nextPageToken?: string;
}

/**
 * A page of bars. `bars` is null when the range has none; `next_page_token`
 * is null on the last page. `vw` and `n` are dropped (no candle field).
 */
export function pageFromAlpaca(body: unknown, provider: string, what: string): AlpacaBarsPage {
  if (!isRecord(body)) throw unexpectedShape(provider, what);
  const { bars, next_page_token: token } = body;
  if (bars !== null && bars !== undefined && !Array.isArray(bars)) {
    throw unexpectedShape(provider, what);
  }
  return {
    candles: (bars ?? []).map(candleFromBar),
    ...(typeof token === 'string' && token !== '' && { nextPageToken: token }),
  };
}

function candleFromBar(bar: unknown): Candle {
  const b = isRecord(bar) ? bar : {};
  return compactCandle({
    start: typeof b.t === 'string' ? parseIsoInstant(b.t) : NaN,
    open: numberOrNaN(b.o),
    high: numberOrNaN(b.h),
    low: numberOrNaN(b.l),
    close: numberOrNaN(b.c),
    volume: optionalNumber(b.v),
  });
}
