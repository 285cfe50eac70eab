import { type Candle, type IntradayResolution, parseIsoInstant } from '@app/ohlc-core';
import {
  compactCandle,
  isRecord,
  numberOrNaN,
  optionalNumber,
  unexpectedShape,
} from '../validation/wire-values';

/** IEX `resampleFreq` values per intraday resolution. */
export const TIINGO_RESAMPLE_FREQ: Readonly<Record<IntradayResolution, string>> = {
  '1': '1min',
  '5': '5min',
  '15': '15min',
  '30': '30min',
  '60': '1hour',
};

/** Tiingo spells class shares with a hyphen (`BRK-B`) where the service uses a dot (`BRK.B`). */
export function tiingoSymbol(ticker: string): string {
  return ticker.replaceAll('.', '-');
}

/**
 * Candles from a daily or IEX price array. Daily rows keep `splitFactor` and
 * `divCash`; the adjusted columns are ignored (the service serves raw prices).
 */
export function candlesFromTiingo(body: unknown, provider: string, what: string): Candle[] {
  if (!Array.isArray(body)) throw unexpectedShape(provider, what);
  return body.map(candleFromRow);
}

function candleFromRow(row: unknown): Candle {
  const r = isRecord(row) ? row : {};
  return compactCandle({
    start: typeof r.date === 'string' ? parseIsoInstant(r.date) : NaN,
    open: numberOrNaN(r.open),
    high: numberOrNaN(r.high),
    low: numberOrNaN(r.low),
    close: numberOrNaN(r.close),
    volume: optionalNumber(r.volume),
    splitFactor: optionalNumber(r.splitFactor),
    divCash: optionalNumber(r.divCash),
  });
}
