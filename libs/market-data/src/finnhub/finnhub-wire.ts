import { type Candle, type CorporateAction, isIntraday, type Resolution } from '@app/ohlc-core';
import {
  compactCandle,
  isRecord,
  numberOrNaN,
  optionalNumber,
  unexpectedShape,
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

export const UNREADABLE_SPLIT_DATE = 'split date is not a YYYY-MM-DD date';
export const UNREADABLE_SPLIT_FACTORS = 'split factors are not positive numbers';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What a `/stock/split` answer holds: the sound splits and the rows dropped, by reason. */
export interface FinnhubSplits {
  readonly actions: CorporateAction[];
  readonly total: number;
  readonly dropped: ReadonlyMap<string, number>;
}

/**
 * Splits from a `/stock/split` answer: `[{ symbol, date: "YYYY-MM-DD",
 * fromFactor, toFactor }]`, where a 4-for-1 split is `fromFactor: 1,
 * toFactor: 4`. The date is the ex-date, kept as its 00:00Z key.
 */
export function splitsFromFinnhub(body: unknown, provider: string, what: string): FinnhubSplits {
  if (!Array.isArray(body)) throw unexpectedShape(provider, what);
  const actions: CorporateAction[] = [];
  const dropped = new Map<string, number>();
  for (const row of body) {
    const r = isRecord(row) ? row : {};
    const date =
      typeof r.date === 'string' && ISO_DATE.test(r.date) ? Date.parse(`${r.date}T00:00:00Z`) : NaN;
    const splitFactor = numberOrNaN(r.toFactor) / numberOrNaN(r.fromFactor);
    const reason = !Number.isFinite(date)
      ? UNREADABLE_SPLIT_DATE
      : Number.isFinite(splitFactor) && splitFactor > 0
        ? undefined
        : UNREADABLE_SPLIT_FACTORS;
    if (reason === undefined) actions.push({ date, splitFactor });
    else dropped.set(reason, (dropped.get(reason) ?? 0) + 1);
  }
  return { actions: actions.sort((a, b) => a.date - b.date), total: body.length, dropped };
}
