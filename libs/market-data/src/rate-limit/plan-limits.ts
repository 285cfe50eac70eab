import { DAY_MS } from '@app/ohlc-core';
import type { BudgetWindow } from './budget-window';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Tiingo's free ("Starter") plan: 50 requests per hour and 1,000 per day.
 * Paid plans allow far more; configure `limits` to match the key in use.
 */
export const TIINGO_FREE_PLAN_LIMITS: readonly BudgetWindow[] = [
  { limit: 50, windowMs: HOUR_MS },
  { limit: 1000, windowMs: DAY_MS },
];

/** Finnhub's free plan: 60 API calls per minute. */
export const FINNHUB_FREE_PLAN_LIMITS: readonly BudgetWindow[] = [
  { limit: 60, windowMs: MINUTE_MS },
];
