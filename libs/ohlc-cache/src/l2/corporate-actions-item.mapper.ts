import { toIsoDate, type CorporateAction } from '@app/ohlc-core';
import type { ActionsKey, StoredCorporateActions } from '../corporate-actions-store.port';
import { corporateActionsKey } from './l2-keys';

/** A ticker's corporate actions as DynamoDB stores them. Only this file knows the attribute names. */
export interface CorporateActionsItem {
  PK: string;
  SK: string;
  /** One map per ex-date: `date` (`YYYY-MM-DD`), `split_factor`, `div_cash`. */
  actions: { date: string; split_factor?: number; div_cash?: number }[];
  covers_splits: boolean;
  covers_dividends: boolean;
  /** `YYYY-MM-DD`: the first ex-date asked for. */
  from_date: string;
  /** Epoch ms of the answer. */
  checked_at: number;
}

/** Attribute names of the claim (`claimed_at`, epoch ms) and of what its conditions read. */
export const CLAIM_NAMES = {
  '#claimed': 'claimed_at',
  '#checked': 'checked_at',
  '#from': 'from_date',
} as const;

export const CorporateActionsItemMapper = {
  toItem(key: ActionsKey, stored: StoredCorporateActions): CorporateActionsItem {
    return {
      ...corporateActionsKey(key),
      actions: stored.actions.map((a) => ({
        date: toIsoDate(a.date),
        ...(a.splitFactor !== undefined && { split_factor: a.splitFactor }),
        ...(a.divCash !== undefined && { div_cash: a.divCash }),
      })),
      covers_splits: stored.covers.splits,
      covers_dividends: stored.covers.dividends,
      from_date: toIsoDate(stored.from),
      checked_at: stored.checkedAt,
    };
  },

  /** The stored answer, or undefined for an item that holds none yet (only a claim). */
  toDomain(item: Partial<CorporateActionsItem> | undefined): StoredCorporateActions | undefined {
    if (!item?.actions || typeof item.checked_at !== 'number' || !item.from_date) return undefined;
    return {
      actions: item.actions.map((a): CorporateAction => ({
        date: Date.parse(`${a.date}T00:00:00Z`),
        ...(a.split_factor !== undefined && { splitFactor: a.split_factor }),
        ...(a.div_cash !== undefined && { divCash: a.div_cash }),
      })),
      covers: { splits: item.covers_splits === true, dividends: item.covers_dividends === true },
      from: Date.parse(`${item.from_date}T00:00:00Z`),
      checkedAt: item.checked_at,
    };
  },

  /** `YYYY-MM-DD` as the item's `from_date` holds it (compared as a string). */
  date(at: number): string {
    return toIsoDate(at);
  },
};
