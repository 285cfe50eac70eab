import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import {
  clipIntervals,
  seriesId,
  subtractIntervals,
  type Interval,
  type SeriesKey,
} from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import { WakeUps } from '../bookkeeping/wake-ups';
import { describeError } from '../describe-error';
import { MissingSpans } from '../freshness/missing-spans';
import { FetchLeasePort, leaseOwnerPrefix } from '../fetch-lease.port';
import { OhlcCacheCounters } from '../ohlc-cache.counters';
import { InjectFetchLease, InjectL2Cache, InjectOhlcCacheOptions } from '../ohlc-cache.decorators';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';
import type { L2Cache } from '../ohlc-cache.port';
import { planFetches, type PlannedCall } from './fetch-plan';
import type { FillContext } from './fill-context';
import type { FlightResult } from './in-flight-fetches';
import { combineFlights, PartialFillError } from './partial-fill.error';
import { UpstreamCalls } from './upstream-calls';
import { WriteThrough } from './write-through';

export const DEFAULT_FETCH_LEASE_MS = 6_000;
export const DEFAULT_UPSTREAM_DEADLINE_MS = 30_000;
/** First and longest pause between looks at L2 while another instance holds the lease, ms. */
const LEASE_POLL_MS = { first: 50, max: 1_000 };

/**
 * Fills gaps of a series from upstream: exactly the sessions missing (see
 * `planFetches`), one call at a time under a lease shared with the other
 * instances, each call written through to L2 (candles, then coverage) and L1
 * before the next, so what was fetched is kept even when a later call fails.
 */
@Injectable()
export class GapFiller {
  private readonly logger = new Logger(GapFiller.name);
  /**
   * Lease owners are this instance, this boot of it and a flight number
   * (`leaseOwner`): flights take turns, here too, and a restart of the
   * instance takes over what its previous boot left at once.
   */
  private readonly process: string;
  private flightNumber = 0;
  /** Wakes this process's waiters on a series as soon as one of its own flights lets go. */
  private readonly released = new WakeUps();
  private readonly leaseMs: number;
  private readonly deadlineMs: number;
  /**
   * One controller per fill still running, which `stop` aborts at shutdown.
   * Not one signal shared by all: every `AbortSignal.any` over a long-lived
   * signal stays tied to it, which kept kilobytes per fill for good.
   */
  private readonly running = new Set<AbortController>();

  constructor(
    @InjectL2Cache() private readonly l2: L2Cache,
    @InjectFetchLease() private readonly lease: FetchLeasePort,
    private readonly counters: OhlcCacheCounters,
    private readonly hours: MarketHoursService,
    @InjectOhlcCacheOptions() options: OhlcCacheModuleOptions,
    private readonly upstream: UpstreamCalls,
    private readonly writeThrough: WriteThrough,
    private readonly missing: MissingSpans,
  ) {
    this.leaseMs = options.l2.leaseMs ?? DEFAULT_FETCH_LEASE_MS;
    const { instanceId } = options.l2;
    this.process = instanceId ? leaseOwnerPrefix(instanceId, randomUUID()) : `${randomUUID()}/`;
    this.deadlineMs = options.upstreamDeadlineMs ?? DEFAULT_UPSTREAM_DEADLINE_MS;
  }

  async fill(
    series: SeriesKey,
    gaps: readonly Interval[],
    request: FillContext,
  ): Promise<FlightResult> {
    const stop = new AbortController();
    this.running.add(stop);
    // One deadline for every call and retry of the fill: past it, what was fetched is kept. Its
    // timer is cleared when the fill ends: AbortSignal.timeout's would stay until it fired, and
    // hold the request's context (its logger, its signals) for a deadline after every fill.
    const deadline = request.signal
      ? undefined
      : setTimeout(() => {
          stop.abort(new DOMException('The fill deadline passed', 'TimeoutError'));
        }, this.deadlineMs).unref();
    const ctx = {
      ...request,
      signal: request.signal ? AbortSignal.any([request.signal, stop.signal]) : stop.signal,
    };
    try {
      const plan = planFetches(gaps, series.resolution, this.hours, ctx.provider.fetchCost);
      const results: FlightResult[] = [];
      // A night or a holiday is complete by the calendar: stored as covered, never asked for.
      const sessionless = clipIntervals(plan.sessionless, { from: -Infinity, to: ctx.final });
      if (sessionless.length > 0) {
        results.push(await this.writeThrough.store(series, [], sessionless, ctx.generation));
      }
      return await inTurn(plan.calls, (call) => this.underLease(series, call, ctx), results);
    } finally {
      clearTimeout(deadline);
      this.running.delete(stop);
    }
  }

  /** Aborts the upstream calls of every fill still running (shutdown, once L2 is about to close). */
  stop(): void {
    for (const fill of this.running) fill.abort(new Error('the service is shutting down'));
  }

  /**
   * Fetches what the call's gaps still lack, holding the lease on its span
   * and renewing it while the fetch runs, so that it can be short-lived: a
   * holder that dies stops renewing and is taken over within `leaseMs`.
   * When another instance holds the lease, waits (backing off) for that
   * instance's result to show in L2; takes over once the lease expires
   * without one; and never waits past the longest a live holder may fetch
   * (the upstream deadline, then one lease), so a request cannot hang on a
   * lost lease.
   */
  private async underLease(
    series: SeriesKey,
    call: PlannedCall,
    ctx: FillContext,
  ): Promise<FlightResult> {
    const owner = `${this.process}${++this.flightNumber}`;
    const giveUpAt = Date.now() + this.deadlineMs + this.leaseMs;
    let waited = false;
    for (let pause = LEASE_POLL_MS.first; ; pause = Math.min(2 * pause, LEASE_POLL_MS.max)) {
      let acquired: boolean;
      try {
        acquired = await this.lease.acquire(series, call.span, owner, this.leaseMs);
      } catch (error) {
        // L2 unreachable: serving matters more than avoiding a duplicate fetch.
        this.logger.warn(
          `Fetch lease for ${seriesId(series)} unavailable: ${describeError(error)}`,
        );
        return this.fetchGaps(series, call.gaps, ctx);
      }
      if (acquired) {
        const renewal = this.keepRenewing(series, call.span, owner, ctx.signal);
        try {
          // Another instance may have stored part of the gaps since this
          // request read L2, its lease already released: fetch only the rest.
          const { stored, missing } = await this.storedElsewhere(series, call, ctx, waited);
          if (missing.length === 0) return stored;
          if (waited) this.counters.leaseTakeovers++;
          return await inTurn([missing], (gaps) => this.fetchGaps(series, gaps, ctx), [stored]);
        } finally {
          clearInterval(renewal);
          await this.lease
            .release(series, call.span, owner)
            .catch((error: unknown) =>
              this.logger.warn(`Fetch lease release failed: ${describeError(error)}`),
            );
          this.released.wake(seriesId(series));
        }
      }
      if (!waited) this.counters.leaseWaits++;
      waited = true;
      const { stored, missing } = await this.storedElsewhere(series, call, ctx, waited);
      if (missing.length === 0) return stored;
      if (Date.now() >= giveUpAt) {
        this.logger.warn(`Fetch lease for ${seriesId(series)} never freed; fetching anyway`);
        return inTurn([missing], (gaps) => this.fetchGaps(series, gaps, ctx), [stored]);
      }
      await Promise.race([sleep(pause), this.released.next(seriesId(series))]);
    }
  }

  /**
   * What L2 holds of the call's gaps now (copied into L1), and the gaps still
   * missing, as the request's read would judge them; a forming candle also
   * counts as held when a fetch made since this request began checked it.
   */
  private async storedElsewhere(
    series: SeriesKey,
    call: PlannedCall,
    ctx: FillContext,
    waited: boolean,
  ): Promise<{ stored: FlightResult; missing: Interval[] }> {
    const { now, formingFrom, checksSince, generation } = ctx;
    // Only the forming candle, and nobody else was fetching: L2 cannot have a newer copy.
    const onlyForming = checksSince.forming > now && call.gaps.every((g) => g.from >= formingFrom);
    const read =
      onlyForming && !waited
        ? undefined
        : await this.l2.read(series, call.span).catch(() => undefined);
    if (!read) return { stored: EMPTY, missing: [...call.gaps] };
    const since = { ...checksSince, forming: Math.min(checksSince.forming, now) };
    const judged = { ...ctx, series, checksSince: since };
    // Whole gaps, the time around the call's sessions included, as planned.
    const missing = call.gaps.flatMap((gap) => this.missing.of(judged, gap, read).gaps);
    const held = subtractIntervals(call.span, missing);
    const candles = read.candles.filter((c) =>
      held.some((h) => c.start >= h.from && c.start < h.to),
    );
    const covered = clipIntervals(read.covered, call.span);
    await this.writeThrough.intoL1(series, { candles, covered, checks: read.checks }, generation);
    return { stored: { candles, covered, writeFailed: false }, missing };
  }

  /** Fetches `gaps` (known missing) call by call, each written through before the next. */
  private async fetchGaps(
    series: SeriesKey,
    gaps: readonly Interval[],
    ctx: FillContext,
  ): Promise<FlightResult> {
    const plan = planFetches(gaps, series.resolution, this.hours, ctx.provider.fetchCost);
    return inTurn(plan.calls, (call) => this.upstream.fetch(series, call, ctx), []);
  }

  /**
   * Renews a held lease every third of its life until cleared, or until the
   * fill's deadline passes (its result is abandoned then, and others may go).
   */
  private keepRenewing(
    series: SeriesKey,
    span: Interval,
    owner: string,
    signal: AbortSignal | undefined,
  ): NodeJS.Timeout {
    const timer = setInterval(() => {
      if (signal?.aborted) {
        clearInterval(timer);
        return;
      }
      this.lease.acquire(series, span, owner, this.leaseMs).then(
        (held) => {
          if (!held) this.logger.warn(`Fetch lease for ${seriesId(series)} lost while fetching`);
        },
        (error: unknown) => this.logger.warn(`Fetch lease renewal failed: ${describeError(error)}`),
      );
    }, this.leaseMs / 3);
    timer.unref();
    return timer;
  }
}

const EMPTY: FlightResult = { candles: [], covered: [], writeFailed: false };

/**
 * Runs `step` for each item in order, after `before`; when one fails, what
 * the steps before it brought travels with the error (`PartialFillError`).
 */
async function inTurn<T>(
  items: readonly T[],
  step: (item: T) => Promise<FlightResult>,
  before: readonly FlightResult[],
): Promise<FlightResult> {
  const results = [...before];
  for (const item of items) {
    try {
      results.push(await step(item));
    } catch (error) {
      throw PartialFillError.after(error, results);
    }
  }
  return combineFlights(results);
}
