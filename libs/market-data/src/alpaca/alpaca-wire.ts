import type { Candle, Resolution } from '@app/ohlc-core';
import type { WireCorporateAction } from '../validation/corporate-action-rows';
import {
  barsPage,
  barStart,
  isoInstantOrNaN,
  isRecord,
  type PageKeys,
  unexpectedShape,
  wireRecords,
} from '../validation/wire-values';

/**
 * Alpaca `timeframe` values per resolution. `1Hour` bars start on the clock
 * hour: the adapter asks for `30Min` instead (`HttpOhlcProvider.wireResolution`),
 * the fake serves them as Alpaca does.
 */
export const ALPACA_TIMEFRAME: Readonly<Record<Resolution, string>> = {
  '1': '1Min',
  '5': '5Min',
  '15': '15Min',
  '30': '30Min',
  '60': '1Hour',
  D: '1Day',
};

/** Bars under `bars` (null when none), the next page's token under `next_page_token` (null on the last). */
const BARS_PAGE: PageKeys = { rows: 'bars', next: 'next_page_token' };

/**
 * One page of `/v2/stocks/{symbol}/bars`: `t` is the bar's start in RFC 3339
 * (a daily bar's is the New York midnight of its date, `…T04:00:00Z` in
 * summer). `vw` and `n` are dropped (no candle field).
 */
export function barsPageFromAlpaca(
  body: unknown,
  resolution: Resolution,
  provider: string,
  what: string,
): { readonly candles: Candle[]; readonly next?: string } {
  const start = (t: unknown) => barStart(resolution, isoInstantOrNaN(t));
  return barsPage(body, BARS_PAGE, start, provider, what);
}

/**
 * One page of `/v1/corporate-actions`: `corporate_actions` groups the events
 * by type; splits carry `old_rate` → `new_rate` and cash dividends `rate` per
 * share, each with its `ex_date`. Other types are not asked for.
 */
export function corporateActionsPageFromAlpaca(
  body: unknown,
  provider: string,
  what: string,
): { readonly rows: WireCorporateAction[]; readonly next?: string } {
  const groups = isRecord(body) ? (body.corporate_actions ?? {}) : undefined;
  if (!isRecord(body) || !isRecord(groups)) throw unexpectedShape(provider, what);
  const group = (key: string) => wireRecords(groups[key] ?? [], provider, what);
  const splits = [...group('forward_splits'), ...group('reverse_splits')].map((r) => ({
    exDate: r.ex_date,
    splitFrom: r.old_rate,
    splitTo: r.new_rate,
  }));
  const dividends = group('cash_dividends').map((r) => ({ exDate: r.ex_date, cash: r.rate }));
  const next = body.next_page_token;
  return {
    rows: [...splits, ...dividends],
    ...(typeof next === 'string' && next !== '' && { next }),
  };
}
