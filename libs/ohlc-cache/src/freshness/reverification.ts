import { Injectable } from '@nestjs/common';
import {
  DAY_MS,
  isIntraday,
  toIsoDate,
  type Interval,
  type SeriesKey,
  type StoredCandle,
} from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import { settledAt, type OhlcProvider, type ReverificationPolicy } from '@app/market-data';

/** What a read's re-verification needs: the sessions due now, and when the next falls due. */
export interface Checks {
  readonly due: Interval[];
  /** Epoch ms of the next check of a session read; Infinity when none is pending. */
  readonly nextAt: number;
}

const NO_CHECKS: Checks = { due: [], nextAt: Infinity };

/** Where a read stands: its source and the instants it judges by (see `SeriesWindow`). */
export interface ReverificationContext {
  readonly series: SeriesKey;
  readonly provider: OhlcProvider;
  readonly now: number;
  readonly final: number;
}

/**
 * The bounded re-verification of final candles (docs/architecture.md#re-verification):
 * which sessions a provider's policy wants asked for again now. A session is
 * due when its copy was fetched before one of its check instants and that
 * instant has passed; the fetch that re-verifies it stamps the copy anew, so
 * each check costs at most one fetch of the session, and sessions fetched
 * long after they traded (history) are never checked.
 */
@Injectable()
export class Reverification {
  constructor(private readonly hours: MarketHoursService) {}

  /**
   * Sessions of `candles` in `range` (final ones only) due now, each as its
   * span in `range`, and the next instant one of the others falls due (an
   * answer built on them holds only until then).
   */
  check(ctx: ReverificationContext, range: Interval, candles: readonly StoredCandle[]): Checks {
    const policy = ctx.provider.reverification;
    const reach = policy && this.reachMs(ctx.series, policy);
    // The common case costs one pass without date arithmetic: nothing recent enough.
    if (!reach || !candles.some((c) => c.fetchedAt < c.start + reach)) return NO_CHECKS;
    const due: Interval[] = [];
    let nextAt = Infinity;
    for (const [session, copy] of this.sessions(ctx, range, candles)) {
      if (copy.firstFetch >= session + reach) continue;
      const pending = this.checkInstants(ctx, policy, session, copy.count, range).filter(
        (at) => copy.firstFetch < at,
      );
      if (pending.some((at) => at <= ctx.now)) due.push(...this.sessionSpans(ctx, session, range));
      else nextAt = Math.min(nextAt, ...pending);
    }
    return { due, nextAt };
  }

  /** How long after its start a copy can still be due: past it, every check instant was before the fetch. */
  private reachMs(series: SeriesKey, policy: ReverificationPolicy): number | undefined {
    if (isIntraday(series.resolution)) return policy.shortIntradaySessions ? 2 * DAY_MS : undefined;
    const sessions = Math.max(0, ...policy.dailyAfterSessions);
    // k sessions after a date fall within 2k + 10 calendar days, whatever the holidays.
    return sessions > 0 ? (2 * sessions + 10) * DAY_MS : undefined;
  }

  /** Final candles in `range` by session date (00:00Z): how many, and the earliest fetch. */
  private sessions(ctx: ReverificationContext, range: Interval, candles: readonly StoredCandle[]) {
    const intraday = isIntraday(ctx.series.resolution);
    const byDate = new Map<number, { count: number; firstFetch: number }>();
    for (const c of candles) {
      if (c.start < range.from || c.start >= range.to || c.start >= ctx.final) continue;
      const date = intraday ? this.hours.nyDateStartUtc(c.start) : c.start;
      const seen = byDate.get(date);
      if (seen) {
        seen.count++;
        seen.firstFetch = Math.min(seen.firstFetch, c.fetchedAt);
      } else {
        byDate.set(date, { count: 1, firstFetch: c.fetchedAt });
      }
    }
    return byDate;
  }

  /**
   * When the session's copy is checked: daily, at the close of the session
   * `k` sessions later for each `k` of the policy; intraday, once at the
   * session's daily settlement when it holds fewer candles than slots.
   */
  private checkInstants(
    ctx: ReverificationContext,
    policy: ReverificationPolicy,
    session: number,
    count: number,
    range: Interval,
  ): number[] {
    if (!isIntraday(ctx.series.resolution)) {
      const later = this.hours.tradingDays(
        toIsoDate(session + DAY_MS),
        toIsoDate(session + (2 * Math.max(...policy.dailyAfterSessions) + 10) * DAY_MS),
      );
      return policy.dailyAfterSessions.flatMap((k) => {
        const date = later[k - 1];
        return date ? [this.hours.session(date)!.close] : [];
      });
    }
    const { resolution } = ctx.series;
    const slots = this.hours.candleSlots(resolution, this.sessionRange(ctx, session, range));
    if (count >= slots) return [];
    const end = this.hours.candleEnd('D', session);
    return [settledAt(ctx.provider.settlement, 'D', session, end)];
  }

  /** The session's candle starts in `range`, before `final`. */
  private sessionSpans(ctx: ReverificationContext, session: number, range: Interval): Interval[] {
    const within = this.sessionRange(ctx, session, range);
    return this.hours
      .tradingSpans(ctx.series.resolution, {
        from: within.from,
        to: Math.min(within.to, ctx.final),
      })
      .filter((span) => span.to > span.from);
  }

  /** Where the session dated `session` (00:00Z) keys its candles, within `range`. */
  private sessionRange(ctx: ReverificationContext, session: number, range: Interval): Interval {
    // A daily candle is keyed by 00:00Z of its date; intraday ones lie in its New York day.
    const whole = isIntraday(ctx.series.resolution)
      ? {
          from: this.hours.nyDayStart(toIsoDate(session)),
          to: this.hours.nyDayStart(toIsoDate(session + DAY_MS)),
        }
      : { from: session, to: session + DAY_MS };
    return { from: Math.max(whole.from, range.from), to: Math.min(whole.to, range.to) };
  }
}
