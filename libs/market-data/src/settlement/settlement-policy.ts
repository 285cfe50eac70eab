import { isIntraday, type Resolution } from '@app/ohlc-core';
import { newYorkMinuteOn } from '@app/market-hours';

/**
 * When a provider's closed candles may be trusted as final. A candle is
 * closed when its interval ends; until it is settled the provider may still
 * publish it late or correct it, so the cache must not treat it (or its
 * absence) as final.
 */
export interface SettlementPolicy {
  /**
   * Daily candles settle at this New York wall-clock time on their session
   * date, in minutes after 00:00 America/New_York (1200 is 20:00 ET; 1440 and
   * more fall on later dates). Never before the session's close.
   */
  readonly dailyNewYorkMinute: number;
  /** Intraday candles settle this many milliseconds after their end (cut at the close). */
  readonly intradayDelayMs: number;
}

/**
 * For feeds built from the exchanges' reports. Daily candles are final at
 * 20:00 New York: Tiingo documents its end-of-day prices as "available at
 * 5:30 PM EST, however exchanges may send corrections until 8 PM EST", and the
 * other feeds carry the same exchange data without documenting a window.
 * Intraday bars get five minutes after they close for their last trades to
 * reach the feed (no feed documents a delay: a choice).
 */
export const EXCHANGE_FEED_SETTLEMENT: SettlementPolicy = {
  dailyNewYorkMinute: 20 * 60,
  intradayDelayMs: 5 * 60_000,
};

/** Final as soon as closed (the demo provider computes its candles, nothing arrives late). */
export const IMMEDIATE_SETTLEMENT: SettlementPolicy = { dailyNewYorkMinute: 0, intradayDelayMs: 0 };

/**
 * Epoch ms from which a closed candle is final: `start` is its start (00:00Z
 * of the session date for `D`), `end` its exclusive end as
 * `MarketHoursService.candleEnd` gives it. Without a policy, `end`.
 */
export function settledAt(
  policy: SettlementPolicy | undefined,
  resolution: Resolution,
  start: number,
  end: number,
): number {
  if (!policy) return end;
  if (isIntraday(resolution)) return end + policy.intradayDelayMs;
  return Math.max(end, newYorkMinuteOn(start, policy.dailyNewYorkMinute));
}

/** `defaults` with the configured fields in place; throws RangeError for a negative or fractional value. */
export function settlementPolicy(
  defaults: SettlementPolicy,
  configured: Partial<SettlementPolicy> = {},
): SettlementPolicy {
  const policy = { ...defaults, ...configured };
  for (const [field, value] of Object.entries(policy)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`settlement.${field} must be a whole number >= 0, got ${value}`);
    }
  }
  return policy;
}
