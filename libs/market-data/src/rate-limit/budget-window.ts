/** One window of an upstream plan: at most `limit` requests in any `windowMs` span. */
export interface BudgetWindow {
  /** Requests allowed per window (a positive integer). */
  readonly limit: number;
  /** Window length in milliseconds (sliding, not calendar-aligned). */
  readonly windowMs: number;
}
