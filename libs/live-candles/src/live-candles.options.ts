/** How the forming candles of watched series are kept fresh (docs/api.md#live-candles). */
export interface LiveCandlesOptions {
  /**
   * How often a watched series' forming candle is asked of upstream while its
   * market is open, in milliseconds: once per interval for every watcher of
   * the series on every instance, on ticks aligned to the clock (so that
   * instances agree on them). Default 15 000.
   */
  readonly pollMs?: number;
}

export const DEFAULT_LIVE_POLL_MS = 15_000;
