import type { RefreshOptions } from '../ohlc-cache.options';

/** `RefreshOptions` defaults: actions twice a trading day at most, unsettled rows four times an hour. */
export const DEFAULT_REFRESH: Required<RefreshOptions> = {
  corporateActionsMs: 6 * 3_600_000,
  unsettledMs: 15 * 60_000,
};

/**
 * Since when something fetched counts as fresh, for a window of `ms` at
 * `now`: a window of 0 accepts only what is fetched after `now`.
 */
export function freshSince(now: number, ms: number): number {
  return ms > 0 ? now - ms : now + 1;
}
