/**
 * When final candles are asked for again (docs/architecture.md#re-verification).
 * A check is due when a session's copy was fetched before the check's instant
 * and that instant has passed; asking again moves the copy's fetch time past
 * it, so each check happens at most once per session.
 */
export interface ReverificationPolicy {
  /**
   * Daily rows: each session's row is asked for again once the session this
   * many trading sessions later has closed (`[1, 5]`: the next session's
   * close, and the fifth's).
   */
  readonly dailyAfterSessions: readonly number[];
  /**
   * Intraday: a session whose final candles came back short of its slots is
   * asked for once more after its daily settlement.
   */
  readonly shortIntradaySessions: boolean;
}

/** What the HTTP adapters use: revisions and late back-fills are picked up within a week. */
export const DEFAULT_REVERIFICATION: ReverificationPolicy = {
  dailyAfterSessions: [1, 5],
  shortIntradaySessions: true,
};
