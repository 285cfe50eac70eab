import type { Candle, IntradayResolution } from '@app/ohlc-core';
import {
  type BarFields,
  candleFromBar,
  compactCandle,
  isoInstantOrNaN,
  isRecord,
  optionalNumber,
  unexpectedShape,
} from '../validation/wire-values';

/** The IEX bar sizes the adapter asks for: every intraday resolution but `60`. */
export type TiingoIexResolution = Exclude<IntradayResolution, '60'>;

/** IEX `resampleFreq` values of the bars asked for. */
export const TIINGO_RESAMPLE_FREQ: Readonly<Record<TiingoIexResolution, string>> = {
  '1': '1min',
  '5': '5min',
  '15': '15min',
  '30': '30min',
};

/**
 * The IEX bars a candle is built from: hourly candles are made of 30-minute
 * bars (`HttpOhlcProvider.wireResolution`), as Tiingo's `1hour` bars start on
 * the clock hour.
 */
export function tiingoIexResolution(resolution: IntradayResolution): TiingoIexResolution {
  return resolution === '60' ? '30' : resolution;
}

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

const TIINGO_FIELDS: BarFields = {
  start: 'date',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  volume: 'volume',
};

function candleFromRow(row: unknown): Candle {
  const r = isRecord(row) ? row : {};
  return compactCandle({
    ...candleFromBar(r, TIINGO_FIELDS, isoInstantOrNaN),
    splitFactor: optionalNumber(r.splitFactor),
    divCash: optionalNumber(r.divCash),
  });
}
