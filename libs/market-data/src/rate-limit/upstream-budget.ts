import { RateLimitedError } from '@app/ohlc-core';
import type { BudgetWindow } from './budget-window';

export interface UpstreamBudgetOptions {
  /** Provider name, carried by the `RateLimitedError`s this budget throws. */
  readonly provider: string;
  /** Every window must have room for a request to go out. */
  readonly windows: readonly BudgetWindow[];
  /** Current instant in epoch milliseconds. */
  readonly now: () => number;
}

/**
 * Client-side request budget for one upstream provider. It never waits: a
 * caller that finds no slot gets a `RateLimitedError` saying when one frees,
 * so a dashboard request fails fast instead of queueing behind the plan.
 */
export class UpstreamBudget {
  readonly provider: string;
  private readonly windows: readonly BudgetWindow[];
  private readonly now: () => number;
  /** Per window, the instants of the requests still inside it, oldest first. */
  private readonly spent: number[][];
  private blockedUntil = 0;

  constructor(options: UpstreamBudgetOptions) {
    for (const w of options.windows) {
      if (!(Number.isInteger(w.limit) && w.limit > 0 && w.windowMs > 0)) {
        throw new RangeError(`Invalid budget window for ${options.provider}: ${JSON.stringify(w)}`);
      }
    }
    this.provider = options.provider;
    this.windows = options.windows;
    this.now = options.now;
    this.spent = options.windows.map(() => []);
  }

  /** Takes one request slot, or throws `RateLimitedError` with the instant the next one frees. */
  tryAcquire(): void {
    const now = this.now();
    let retryAt = this.blockedUntil > now ? this.blockedUntil : 0;
    this.windows.forEach((w, i) => {
      const log = this.spent[i];
      while (log.length > 0 && log[0] <= now - w.windowMs) log.shift();
      if (log.length >= w.limit) retryAt = Math.max(retryAt, log[0] + w.windowMs);
    });
    if (retryAt > 0) throw new RateLimitedError(this.provider, retryAt);
    for (const log of this.spent) log.push(now);
  }

  /** Upstream said "not before `instant`" (a 429): no slot is handed out until then. */
  blockUntil(instant: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, instant);
  }
}
