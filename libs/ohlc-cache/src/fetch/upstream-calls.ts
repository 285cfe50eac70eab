import { Injectable, Logger } from '@nestjs/common';
import {
  clipIntervals,
  ProviderUnavailableError,
  seriesId,
  subtractIntervals,
  toIsoSeconds,
  type Candle,
  type Interval,
  type SeriesKey,
  type StoredCandle,
} from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import { settledAt } from '@app/market-data';
import { OhlcCacheCounters } from '../ohlc-cache.counters';
import type { PlannedCall } from './fetch-plan';
import type { FillContext } from './fill-context';
import type { FlightResult } from './in-flight-fetches';
import { WriteThrough } from './write-through';

/**
 * One upstream call of a fill: the provider asked for the call's span, what
 * came back counted, compared with the expired copies it replaces (a
 * difference is a correction), stamped with when it can next change, and
 * written through.
 */
@Injectable()
export class UpstreamCalls {
  private readonly logger = new Logger('GapFiller');

  constructor(
    private readonly counters: OhlcCacheCounters,
    private readonly hours: MarketHoursService,
    private readonly writeThrough: WriteThrough,
  ) {}

  async fetch(series: SeriesKey, call: PlannedCall, ctx: FillContext): Promise<FlightResult> {
    const { provider, final, signal } = ctx;
    let fetched: Candle[];
    try {
      fetched = await provider.fetchCandles(series.ticker, series.resolution, call.span, signal);
    } catch (error) {
      const failure = signal?.aborted
        ? new ProviderUnavailableError(provider.name, 'the request deadline passed', {
            cause: error,
          })
        : error;
      this.counters.countUpstreamFailure(provider.name, failure);
      throw failure;
    }
    const held = subtractIntervals(call.span, call.gaps);
    const refetched = fetched.filter((c) => within(held, c));
    this.counters.countUpstream(provider.name, fetched.length, refetched.length);
    this.noteCorrections(series, provider.name, fetched, ctx.previous ?? []);
    const reverify = clipAll(ctx.reverify ?? [], call.gaps);
    if (reverify.length > 0) this.countReverification(provider.name, call, reverify, fetched);
    const volatile = clipIntervals([call.span], { from: final, to: Infinity });
    return this.writeThrough.store(
      series,
      [
        ...fetched.map((c) => this.toStored(c, series, ctx)),
        ...this.verifiedCopies(fetched, reverify, ctx),
      ],
      clipIntervals(call.gaps, { from: -Infinity, to: final }),
      ctx.generation,
      volatile.map((span) => ({ span, closedUntil: ctx.formingFrom, at: ctx.now })),
    );
  }

  /**
   * The held copies of re-verified sessions that upstream left out, stamped
   * as verified now: a row that went missing upstream is kept, not deleted,
   * and the session is not due again.
   */
  private verifiedCopies(
    fetched: readonly Candle[],
    reverify: readonly Interval[],
    { previous = [], now }: FillContext,
  ): StoredCandle[] {
    const returned = new Set(fetched.map((c) => c.start));
    return previous
      .filter((c) => c.expiresAt === undefined && within(reverify, c) && !returned.has(c.start))
      .map((c) => ({ ...c, fetchedAt: now }));
  }

  private countReverification(
    provider: string,
    call: PlannedCall,
    reverify: readonly Interval[],
    fetched: readonly Candle[],
  ): void {
    const counts = this.counters.provider(provider);
    counts.reverifiedRows += fetched.filter((c) => within(reverify, c)).length;
    // A call asked only to re-verify is what the schedule costs the budget.
    if (subtractAll(call.gaps, reverify).length === 0) counts.reverificationCalls++;
  }

  /** Counts and logs candles upstream changed after the copy cached before their settlement. */
  private noteCorrections(
    series: SeriesKey,
    provider: string,
    fetched: readonly Candle[],
    previous: readonly StoredCandle[],
  ): void {
    if (previous.length === 0) return;
    const before = new Map(previous.map((c) => [c.start, c]));
    for (const now of fetched) {
      const old = before.get(now.start);
      if (!old || sameValues(old, now)) continue;
      this.counters.provider(provider).corrections++;
      this.logger.log(
        `Correction of ${seriesId(series)} at ${toIsoSeconds(now.start)}: ` +
          `${valuesOf(old)} → ${valuesOf(now)}`,
      );
    }
  }

  /**
   * A candle not yet final expires when it can next change: a forming one at
   * its end, a closed one still unsettled at its settlement, so no layer
   * serves that copy after.
   */
  private toStored(
    c: Candle,
    series: SeriesKey,
    { provider, now, final }: FillContext,
  ): StoredCandle {
    if (c.start < final) return { ...c, fetchedAt: now };
    const end = this.hours.candleEnd(series.resolution, c.start);
    const expiresAt =
      end > now ? end : settledAt(provider.settlement, series.resolution, c.start, end);
    return { ...c, fetchedAt: now, expiresAt };
  }
}

function within(spans: readonly Interval[], c: Candle): boolean {
  return spans.some((s) => c.start >= s.from && c.start < s.to);
}

/** The parts of `spans` inside `limits`. */
function clipAll(spans: readonly Interval[], limits: readonly Interval[]): Interval[] {
  return limits.flatMap((limit) => clipIntervals(spans, limit));
}

/** The parts of `spans` outside every one of `removed`. */
function subtractAll(spans: readonly Interval[], removed: readonly Interval[]): Interval[] {
  return spans.flatMap((span) => subtractIntervals(span, removed));
}

function sameValues(a: Candle, b: Candle): boolean {
  return valuesOf(a) === valuesOf(b);
}

function valuesOf(c: Candle): string {
  return `o=${c.open} h=${c.high} l=${c.low} c=${c.close} v=${c.volume ?? '-'}`;
}
