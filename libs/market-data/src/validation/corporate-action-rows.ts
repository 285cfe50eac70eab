import type { CorporateAction } from '@app/ohlc-core';
import { isRecord, unexpectedShape } from './wire-values';

export const UNREADABLE_EX_DATE = 'ex-date is not a YYYY-MM-DD date';
export const UNREADABLE_SPLIT_FACTORS = 'split factors are not positive numbers';
export const UNREADABLE_DIVIDEND = 'dividend is not a positive number';

/** What one corporate-actions answer holds: the sound actions and the rows dropped, by reason. */
export interface CorporateActionRows {
  readonly actions: CorporateAction[];
  readonly total: number;
  readonly dropped: ReadonlyMap<string, number>;
}

/**
 * The actions of a JSON array of upstream rows: `read` turns each row into an
 * action, the reason it is unsound (dropped and counted), or null for a row
 * that is sound but holds no action (a cancelled split). Oldest first.
 */
export function corporateActionRows(
  body: unknown,
  provider: string,
  what: string,
  read: (row: Readonly<Record<string, unknown>>) => CorporateAction | string | null,
): CorporateActionRows {
  if (!Array.isArray(body)) throw unexpectedShape(provider, what);
  const actions: CorporateAction[] = [];
  const dropped = new Map<string, number>();
  for (const row of body) {
    const action = read(isRecord(row) ? row : {});
    if (typeof action === 'string') dropped.set(action, (dropped.get(action) ?? 0) + 1);
    else if (action) actions.push(action);
  }
  return { actions: actions.sort((a, b) => a.date - b.date), total: body.length, dropped };
}

const EX_DATE = /^(\d{4}-\d{2}-\d{2})(T00:00:00(\.0+)?Z)?$/;

/** 00:00Z of an ex-date sent as `YYYY-MM-DD` (or that date at 00:00Z in full), else NaN. */
export function exDateKey(value: unknown): number {
  const match = typeof value === 'string' ? EX_DATE.exec(value) : null;
  return match ? Date.parse(`${match[1]}T00:00:00Z`) : NaN;
}

/** A split of `to / from` new shares per old share, or the reason it cannot be read. */
export function splitAction(date: number, from: unknown, to: unknown): CorporateAction | string {
  const factor = (typeof to === 'number' ? to : NaN) / (typeof from === 'number' ? from : NaN);
  if (!Number.isFinite(date)) return UNREADABLE_EX_DATE;
  return Number.isFinite(factor) && factor > 0
    ? { date, splitFactor: factor }
    : UNREADABLE_SPLIT_FACTORS;
}

/** A cash dividend of `amount` per share, or the reason it cannot be read. */
export function dividendAction(date: number, amount: unknown): CorporateAction | string {
  if (!Number.isFinite(date)) return UNREADABLE_EX_DATE;
  return typeof amount === 'number' && Number.isFinite(amount) && amount > 0
    ? { date, divCash: amount }
    : UNREADABLE_DIVIDEND;
}
