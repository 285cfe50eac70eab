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

/**
 * Finnhub's candles need a paid plan (its free plan answers `/stock/candle`
 * with 403), and paid limits vary by plan, so the default is the lowest
 * documented: 60 calls per minute (the free plan's, below every paid one)
 * and the 30 calls per second Finnhub applies on top of every plan.
 * Configure `limits` to match the key in use.
 */
export const FINNHUB_DEFAULT_LIMITS: readonly BudgetWindow[] = [
  { limit: 60, windowMs: MINUTE_MS },
  { limit: 30, windowMs: 1_000 },
];
