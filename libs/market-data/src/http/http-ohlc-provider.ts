import {
  type Candle,
  contains,
  type Interval,
  type IntradayResolution,
  isIntraday,
  mergeCandles,
  type Resolution,
  RESOLUTIONS,
} from '@app/ohlc-core';
import { Logger } from '@nestjs/common';
import type { FetchCostModel } from '../fetch-cost';
import type { OhlcProvider } from '../ohlc-provider.port';
import type { BudgetWindow } from '../rate-limit/budget-window';
import { UpstreamBudget } from '../rate-limit/upstream-budget';
import { aggregateCandles, targetCandleStart } from '../resample/session-grid-aggregation';
import { type SettlementPolicy, settlementPolicy } from '../settlement/settlement-policy';
import type { CandleStartPredicate } from '../validation/candle-start-predicate';
import { UpstreamRowFilter } from '../validation/upstream-row-filter';
import type { ValidationStatsSnapshot } from '../validation/validation-stats';
import { planCalls } from './call-plan';
import {
  DEFAULT_BASE_BACKOFF_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type HttpProviderDefaults,
  type HttpProviderOptions,
} from './http-provider.options';
import { UpstreamHttpClient } from './upstream-http-client';

/**
 * What every HTTP adapter does the same way: split a range into calls the
 * feed can serve, spend the budget, validate and merge. An adapter only says
 * how one piece is asked for and how its wire rows become candles.
 */
export abstract class HttpOhlcProvider implements OhlcProvider {
  readonly resolutions: readonly Resolution[] = RESOLUTIONS;
  readonly fetchCost: FetchCostModel;
  readonly budget: readonly BudgetWindow[];
  readonly settlement: SettlementPolicy;
  protected readonly http: UpstreamHttpClient;
  protected readonly apiKey: string;
  /** Current instant in epoch ms. */
  protected readonly now: () => number;
  private readonly baseUrl: string;
  private readonly maxBarsPerCall: number;
  private readonly isCandleStart: CandleStartPredicate;
  /** Validates, counts and logs upstream rows (`stats()`). */
  protected readonly rows: UpstreamRowFilter;

  protected constructor(
    readonly name: string,
    defaults: HttpProviderDefaults,
    options: HttpProviderOptions,
  ) {
    const now = options.now ?? Date.now;
    this.now = now;
    this.settlement = settlementPolicy(defaults.settlement, options.settlement);
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? defaults.baseUrl).replace(/\/+$/, '');
    this.maxBarsPerCall = options.maxBarsPerCall ?? defaults.maxBarsPerCall;
    this.fetchCost = options.fetchCost ?? defaults.fetchCost;
    this.isCandleStart = options.isCandleStart;
    this.budget = options.limits ?? defaults.limits;
    this.http = new UpstreamHttpClient({
      provider: name,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      baseBackoffMs: options.baseBackoffMs ?? DEFAULT_BASE_BACKOFF_MS,
      budget: new UpstreamBudget({ provider: name, windows: this.budget, now }),
      now,
      isPlanRefusal: defaults.isPlanRefusal,
    });
    const logger = options.logger ?? new Logger(new.target.name);
    this.rows = new UpstreamRowFilter(name, options.isCandleStart, logger);
  }

  async fetchCandles(
    ticker: string,
    resolution: Resolution,
    range: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]> {
    const resampling = this.resampling(resolution);
    const wire = resampling?.source ?? resolution;
    const pieces = planCalls(
      range,
      wire,
      this.barsPerCallLimit(wire, this.maxBarsPerCall),
      this.isCandleStart,
    );
    const servedAt = (start: number) =>
      resampling
        ? (targetCandleStart(resampling.target, resampling.source, start, this.isCandleStart) ??
          start)
        : start;
    const answers: Candle[][] = [];
    // One piece after the other: a burst would eat a per-minute plan at once,
    // and the first failure makes the remaining calls pointless.
    for (const piece of pieces) {
      const rows = await this.fetchPiece(ticker, wire, piece, signal);
      // Rows with an unreadable start stay in, so that validation counts them.
      const wanted = rows.filter(
        (r) => !Number.isFinite(r.start) || contains(range, servedAt(r.start)),
      );
      // Validated per answer: a start twice in one answer is upstream
      // disagreeing with itself; the same row in two answers is only the
      // overlap of their ranges (daily pieces ask one day more).
      answers.push(this.rows.accept(ticker, wire, wanted));
    }
    const sound = mergeCandles(...answers);
    return resampling
      ? aggregateCandles(sound, resampling.target, resampling.source, this.isCandleStart)
      : sound;
  }

  /** Rows accepted and dropped (by reason) since this provider was created. */
  stats(): ValidationStatsSnapshot {
    return this.rows.snapshot();
  }

  /**
   * The candles upstream holds for `piece` (one HTTP call), unvalidated; rows
   * outside `piece` are allowed. Unreadable values become NaN so that
   * validation drops and counts them.
   */
  protected abstract fetchPiece(
    ticker: string,
    resolution: Resolution,
    piece: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]>;

  /**
   * The bars asked of upstream for an intraday `resolution`; by default the
   * same. Smaller ones are validated as such, then aggregated on the session
   * grid.
   */
  protected wireResolution(resolution: IntradayResolution): IntradayResolution {
    return resolution;
  }

  private resampling(
    resolution: Resolution,
  ): { readonly source: IntradayResolution; readonly target: IntradayResolution } | undefined {
    if (!isIntraday(resolution)) return undefined;
    const source = this.wireResolution(resolution);
    return source === resolution ? undefined : { source, target: resolution };
  }

  /** The per-call candle limit that applies to `resolution`; by default the configured one. */
  protected barsPerCallLimit(_resolution: Resolution, configured: number): number {
    return configured;
  }

  /** `baseUrl` + `path` with `query`; `path` segments must already be encoded. */
  protected url(path: string, query: Readonly<Record<string, string>>): URL {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return url;
  }
}
