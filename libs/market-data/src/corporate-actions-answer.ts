import { combineCorporateActions, type CorporateAction } from '@app/ohlc-core';
import type { CorporateActionsAnswer } from './ohlc-provider.port';

/**
 * The kinds of a corporate-actions feed as one answer (one action per
 * ex-date); a kind the plan refused (null) is reported uncovered.
 */
export function corporateActionsAnswer(
  splits: CorporateAction[] | null,
  dividends: CorporateAction[] | null,
): CorporateActionsAnswer {
  return {
    actions: combineCorporateActions(splits ?? [], dividends ?? []),
    covers: { splits: splits !== null, dividends: dividends !== null },
  };
}
