import type { CorporateAction } from '@app/ohlc-core';

export const UNREADABLE_SPLIT_DATE = 'split date is not a YYYY-MM-DD date';
export const UNREADABLE_SPLIT_FACTORS = 'split factors are not positive numbers';
export const UNREADABLE_DIVIDEND_DATE = 'dividend date is not a YYYY-MM-DD date';
export const UNREADABLE_DIVIDEND_AMOUNT = 'dividend is not a positive amount';

/** `YYYY-MM-DD`, or that date at 00:00Z in full (Tiingo's corporate-actions feed). */
const EX_DATE = /^(\d{4}-\d{2}-\d{2})(T00:00:00(\.0+)?Z)?$/;

/**
 * One split or cash dividend as a feed reports it, values unread: the ex-date
 * (`YYYY-MM-DD`, or `YYYY-MM-DDT00:00:00.000Z`) and either the ratio (`splitFrom` old shares become
 * `splitTo` new ones: a 4-for-1 split is 1 → 4) or the cash per share.
 */
export type WireCorporateAction =
  | { readonly exDate: unknown; readonly splitFrom: unknown; readonly splitTo: unknown }
  | { readonly exDate: unknown; readonly cash: unknown };

/** The sound events among some wire rows, and the rows dropped, by reason. */
export interface CorporateActionRows {
  /** One event per ex-date (00:00Z keys), oldest first. */
  readonly actions: CorporateAction[];
  readonly total: number;
  readonly dropped: ReadonlyMap<string, number>;
}

/**
 * Reads `rows`; a split and a dividend with one ex-date become one event (two
 * splits multiply, two dividends add up), as a daily candle carries them.
 */
export function corporateActionRows(rows: readonly WireCorporateAction[]): CorporateActionRows {
  const byDate = new Map<number, CorporateAction>();
  const dropped = new Map<string, number>();
  for (const row of rows) {
    const read = readAction(row);
    if (typeof read === 'string') {
      dropped.set(read, (dropped.get(read) ?? 0) + 1);
      continue;
    }
    const held = byDate.get(read.date);
    byDate.set(read.date, held ? combine(held, read) : read);
  }
  const actions = [...byDate.values()].sort((a, b) => a.date - b.date);
  return { actions, total: rows.length, dropped };
}

/** The event, or why the row cannot be one. */
function readAction(row: WireCorporateAction): CorporateAction | string {
  const split = 'splitFrom' in row;
  const exDate = typeof row.exDate === 'string' ? EX_DATE.exec(row.exDate) : null;
  const date = exDate ? Date.parse(`${exDate[1]}T00:00:00Z`) : NaN;
  if (!Number.isFinite(date)) return split ? UNREADABLE_SPLIT_DATE : UNREADABLE_DIVIDEND_DATE;
  if (split) {
    const splitFactor = positive(row.splitTo) / positive(row.splitFrom);
    return Number.isFinite(splitFactor) && splitFactor > 0
      ? { date, splitFactor }
      : UNREADABLE_SPLIT_FACTORS;
  }
  const divCash = positive(row.cash);
  return Number.isFinite(divCash) ? { date, divCash } : UNREADABLE_DIVIDEND_AMOUNT;
}

function positive(value: unknown): number {
  return typeof value === 'number' && value > 0 ? value : NaN;
}

function combine(a: CorporateAction, b: CorporateAction): CorporateAction {
  const splitFactor = (a.splitFactor ?? 1) * (b.splitFactor ?? 1);
  const divCash = (a.divCash ?? 0) + (b.divCash ?? 0);
  return {
    date: a.date,
    ...(splitFactor !== 1 && { splitFactor }),
    ...(divCash !== 0 && { divCash }),
  };
}
