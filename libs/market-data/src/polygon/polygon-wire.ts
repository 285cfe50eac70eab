import type { Candle, Resolution } from '@app/ohlc-core';
import type { WireCorporateAction } from '../validation/corporate-action-rows';
import {
  barsPage,
  barStart,
  isRecord,
  numberOrNaN,
  type PageKeys,
  wirePage,
} from '../validation/wire-values';

/**
 * Aggregates path segments `{multiplier}/{timespan}` per resolution. `60` is
 * Polygon's own hourly bar, on the clock hour: the adapter asks for `30`
 * instead (`HttpOhlcProvider.wireResolution`), the fake serves it as Polygon does.
 */
export const POLYGON_RANGE: Readonly<Record<Resolution, string>> = {
  '1': '1/minute',
  '5': '5/minute',
  '15': '15/minute',
  '30': '30/minute',
  '60': '1/hour',
  D: '1/day',
};

/** Every paged Polygon answer: rows under `results` (omitted when none), the next page under `next_url`. */
export const POLYGON_PAGE: PageKeys = { rows: 'results', next: 'next_url' };

/**
 * One page of `/v2/aggs/...`: `t` is the bar's start in epoch ms (a daily
 * bar's is the New York midnight of its date). `vw` (volume-weighted price)
 * and `n` (trade count) are dropped: the candle contract has no field for them.
 */
export function aggsPageFromPolygon(
  body: unknown,
  resolution: Resolution,
  provider: string,
  what: string,
): { readonly candles: Candle[]; readonly next?: string } {
  return barsPage(body, POLYGON_PAGE, (t) => barStart(resolution, numberOrNaN(t)), provider, what);
}

/**
 * One page of `/v3/reference/splits` (`execution_date`, and `split_from` old
 * shares becoming `split_to` new ones) or `/v3/reference/dividends`
 * (`ex_dividend_date`, `cash_amount`).
 */
export function referencePageFromPolygon(
  body: unknown,
  kind: 'splits' | 'dividends',
  provider: string,
  what: string,
): { readonly rows: WireCorporateAction[]; readonly next?: string } {
  const { rows, next } = wirePage(body, POLYGON_PAGE, provider, what);
  return {
    rows: rows.map((row) => {
      const r = isRecord(row) ? row : {};
      return kind === 'splits'
        ? { exDate: r.execution_date, splitFrom: r.split_from, splitTo: r.split_to }
        : { exDate: r.ex_dividend_date, cash: r.cash_amount };
    }),
    ...(next !== undefined && { next }),
  };
}
