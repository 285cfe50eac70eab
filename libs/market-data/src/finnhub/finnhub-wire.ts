import { type Candle, isIntraday, type Resolution } from '@app/ohlc-core';
import type { WireCorporateAction } from '../validation/corporate-action-rows';
import {
  compactCandle,
  isRecord,
  numberOrNaN,
  optionalNumber,
  unexpectedShape,
  wireRecords,
} from '../validation/wire-values';
import { dailyCandleStart } from './finnhub-daily-stamp';

/**
 * Candles from a `/stock/candle` answer: parallel arrays under `s: "ok"`, or
 * `s: "no_data"` for a range without trading. `t` is UTC epoch seconds.
 */
export function candlesFromFinnhub(
  body: unknown,
  resolution: Resolution,
  provider: string,
  what: string,
): Candle[] {
  if (!isRecord(body)) throw unexpectedShape(provider, what);
  if (body.s === 'no_data') return [];
  if (body.s !== 'ok' || !Array.isArray(body.t)) throw unexpectedShape(provider, what);
  const column = (key: string): readonly unknown[] => {
    const values = body[key];
    return Array.isArray(values) ? values : [];
  };
  const [o, h, l, c, v] = ['o', 'h', 'l', 'c', 'v'].map(column);
  return body.t.map((t: unknown, i) => {
    const stamped = typeof t === 'number' ? t * 1000 : NaN;
    return compactCandle({
      start: isIntraday(resolution) ? stamped : dailyCandleStart(stamped),
      open: numberOrNaN(o[i]),
      high: numberOrNaN(h[i]),
      low: numberOrNaN(l[i]),
      close: numberOrNaN(c[i]),
      volume: optionalNumber(v[i]),
    });
  });
}

/**
 * The rows of a `/stock/split` answer: `[{ symbol, date: "YYYY-MM-DD",
 * fromFactor, toFactor }]`, where a 4-for-1 split is `fromFactor: 1,
 * toFactor: 4`; the date is the ex-date.
 */
export function splitRowsFromFinnhub(
  body: unknown,
  provider: string,
  what: string,
): WireCorporateAction[] {
  return wireRecords(body, provider, what).map((r) => ({
    exDate: r.date,
    splitFrom: r.fromFactor,
    splitTo: r.toFactor,
  }));
}

/**
 * The rows of a `/stock/dividend` answer: `[{ symbol, date, amount,
 * adjustedAmount, payDate, recordDate, declarationDate, currency }]`, `date`
 * being the ex-date. `amount` is the cash paid per share as it was then;
 * `adjustedAmount` is restated for later splits, which the cache applies itself.
 */
export function dividendRowsFromFinnhub(
  body: unknown,
  provider: string,
  what: string,
): WireCorporateAction[] {
  return wireRecords(body, provider, what).map((r) => ({ exDate: r.date, cash: r.amount }));
}
