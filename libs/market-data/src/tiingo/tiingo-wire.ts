import type { Candle, IntradayResolution } from '@app/ohlc-core';
import {
  type BarFields,
  candleFromBar,
  compactCandle,
  isoInstantOrNaN,
  isRecord,
  optionalNumber,
  unexpectedShape,
  wireRecords,
} from '../validation/wire-values';
import type { WireCorporateAction } from '../validation/corporate-action-rows';

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

/**
 * The rows of `/tiingo/corporate-actions/<ticker>/splits`: `[{ permaTicker,
 * ticker, exDate, splitFrom, splitTo, splitFactor, splitStatus }]`, status
 * `a` (active) or `c` (cancelled: no split, so left out).
 */
export function splitRowsFromTiingo(
  body: unknown,
  provider: string,
  what: string,
): WireCorporateAction[] {
  return wireRecords(body, provider, what)
    .filter((r) => r.splitStatus !== 'c')
    .map((r) => ({ exDate: r.exDate, splitFrom: r.splitFrom, splitTo: r.splitTo }));
}

/**
 * The rows of `/tiingo/corporate-actions/<ticker>/distributions`: `[{
 * permaTicker, ticker, exDate, paymentDate, recordDate, declarationDate,
 * distribution, distributionFreqency }]` (Tiingo's spelling), frequency `c`
 * for a cancelled one (left out). `exDate` comes as `YYYY-MM-DDT00:00:00.000Z`.
 */
export function distributionRowsFromTiingo(
  body: unknown,
  provider: string,
  what: string,
): WireCorporateAction[] {
  return wireRecords(body, provider, what)
    .filter((r) => r.distributionFreqency !== 'c')
    .map((r) => ({ exDate: r.exDate, cash: r.distribution }));
}
