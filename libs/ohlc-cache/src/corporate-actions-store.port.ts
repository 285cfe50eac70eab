import type { CorporateAction, SeriesKey } from '@app/ohlc-core';

/** Whose actions: a ticker as one provider's feed reports them. */
export type ActionsKey = Pick<SeriesKey, 'ticker' | 'source'>;

/** A ticker's corporate actions as a provider's feed last answered (docs/architecture.md#corporate-actions). */
export interface StoredCorporateActions {
  /** One action per ex-date, oldest first, announced ones included. */
  readonly actions: readonly CorporateAction[];
  /** Which kinds the feed answered for (a refused feed leaves its kind unknown). */
  readonly covers: { readonly splits: boolean; readonly dividends: boolean };
  /** 00:00Z of the first ex-date asked for: complete from there on, as of `checkedAt`. */
  readonly from: number;
  /** Epoch ms of the answer. */
  readonly checkedAt: number;
}

/**
 * Where the feeds' answers are kept for every instance, with a claim that
 * lets one instance at a time ask the feed again.
 */
export interface CorporateActionsStore {
  read(key: ActionsKey): Promise<StoredCorporateActions | undefined>;
  /**
   * Claims the next ask of the feed, at `at` (epoch ms): granted when nothing
   * is stored, the stored answer was checked before `staleBefore` or starts
   * after `from`, and no claim made since `claimsSince` is held.
   */
  claim(
    key: ActionsKey,
    at: number,
    conditions: {
      readonly staleBefore: number;
      readonly from: number;
      readonly claimsSince: number;
    },
  ): Promise<boolean>;
  /** Replaces the stored answer (and gives up the claim). */
  save(key: ActionsKey, answer: StoredCorporateActions): Promise<void>;
  /** Gives up the claim made at `at`, when the ask failed. */
  release(key: ActionsKey, at: number): Promise<void>;
}
export const CorporateActionsStore = Symbol('CorporateActionsStore');
