import {
  combineCorporateActions,
  contains,
  type CorporateAction,
  type Interval,
  ProviderPlanError,
} from '@app/ohlc-core';
import type { CorporateActionsAnswer } from './ohlc-provider.port';
import type { CorporateActionRows } from './validation/corporate-action-rows';

/**
 * One kind of a corporate-actions feed (splits, dividends) asked for `range`:
 * its actions there, or null when the key's plan refuses that feed. `ask`
 * makes the call and reads its rows; `record` counts them.
 */
export async function feedKind(
  range: Interval,
  ask: () => Promise<CorporateActionRows>,
  record: (rows: CorporateActionRows) => void,
): Promise<CorporateAction[] | null> {
  let rows: CorporateActionRows;
  try {
    rows = await ask();
  } catch (error) {
    if (error instanceof ProviderPlanError) return null;
    throw error;
  }
  record(rows);
  return rows.actions.filter((a) => contains(range, a.date));
}

/** Both kinds as one answer: each refused kind is reported uncovered. */
export function corporateActionsAnswer(
  splits: CorporateAction[] | null,
  dividends: CorporateAction[] | null,
): CorporateActionsAnswer {
  return {
    actions: combineCorporateActions(splits ?? [], dividends ?? []),
    covers: { splits: splits !== null, dividends: dividends !== null },
  };
}
