import { type Candle, type IntradayResolution, parseIsoInstant } from '@app/ohlc-core';
import {
  compactCandle,
  isRecord,
  numberOrNaN,
  optionalNumber,
  unexpectedShape,
} from '../validation/wire-values';
import {
  corporateActionRows,
  type CorporateActionRows,
  dividendAction,
  exDateKey,
  splitAction,
} from '../validation/corporate-action-rows';

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
 * The IEX bars a candle is built from. Hourly candles are made of 30-minute
 * bars: Tiingo's `1hour` bars start on the clock hour (10:00, 11:00, ... New
 * York), not on the session grid from the 09:30 open, and would all be
 * dropped as misaligned.
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

/**
 * Splits from `/tiingo/corporate-actions/<ticker>/splits`: `[{ permaTicker,
 * ticker, exDate, splitFrom, splitTo, splitFactor, splitStatus }]`, status
 * `a` (active) or `c` (cancelled: no split, so no action).
 */
export function splitsFromTiingo(
  body: unknown,
  provider: string,
  what: string,
): CorporateActionRows {
  return corporateActionRows(body, provider, what, (r) =>
    r.splitStatus === 'c' ? null : splitAction(exDateKey(r.exDate), r.splitFrom, r.splitTo),
  );
}

/**
 * Cash distributions from `/tiingo/corporate-actions/<ticker>/distributions`:
 * `[{ permaTicker, ticker, exDate, paymentDate, recordDate, declarationDate,
 * distribution, distributionFreqency }]` (Tiingo's spelling), frequency `c`
 * for a cancelled one.
 */
export function distributionsFromTiingo(
  body: unknown,
  provider: string,
  what: string,
): CorporateActionRows {
  return corporateActionRows(body, provider, what, (r) =>
    r.distributionFreqency === 'c' ? null : dividendAction(exDateKey(r.exDate), r.distribution),
  );
}
