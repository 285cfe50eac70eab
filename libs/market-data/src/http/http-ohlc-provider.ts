import {
  type Candle,
  contains,
  type CorporateAction,
  DAY_MS,
  type Interval,
  type IntradayResolution,
  isIntraday,
  mergeCandles,
  ProviderPlanError,
  type Resolution,
  RESOLUTIONS,
} from '@app/ohlc-core';
import { Logger } from '@nestjs/common';
import { DEFAULT_FETCH_COST, type FetchCostModel } from '../fetch-cost';
import type { OhlcProvider, ProviderAccess } from '../ohlc-provider.port';
import type { BudgetWindow } from '../rate-limit/budget-window';
import { UpstreamBudget } from '../rate-limit/upstream-budget';
import { aggregateCandles, targetCandleStart } from '../resample/session-grid-aggregation';
import {
  EXCHANGE_FEED_SETTLEMENT,
  type SettlementPolicy,
  settlementPolicy,
} from '../settlement/settlement-policy';
import type { CandleStartPredicate } from '../validation/candle-start-predicate';
import { corporateActionRows, type WireCorporateAction } from '../validation/corporate-action-rows';
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
import { readPages, type PagedRead } from './paged-read';
import { type GetJsonOptions, UpstreamHttpClient } from './upstream-http-client';

/** A symbol every plan with candle access serves: what `checkAccess` asks about. */
export const ACCESS_PROBE_TICKER = 'AAPL';

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
    this.settlement = settlementPolicy(
      defaults.settlement ?? EXCHANGE_FEED_SETTLEMENT,
      options.settlement,
    );
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? defaults.baseUrl).replace(/\/+$/, '');
    this.maxBarsPerCall = options.maxBarsPerCall ?? defaults.maxBarsPerCall ?? Infinity;
    this.fetchCost = options.fetchCost ?? defaults.fetchCost ?? DEFAULT_FETCH_COST;
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
      readsRateLimitHeaders: defaults.readsRateLimitHeaders,
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
   * The candles upstream holds for `piece` (one request of the feed, however
   * many pages it is answered in), unvalidated; rows outside `piece` are allowed. Unreadable values become NaN so that
   * validation drops and counts them.
   */
  protected abstract fetchPiece(
    ticker: string,
    resolution: Resolution,
    piece: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]>;

  /** The headers that carry the credentials (never a URL: it would end up in logs). */
  protected abstract authHeaders(): Readonly<Record<string, string>>;

  /** `UpstreamHttpClient.getJson` with the credentials. */
  protected getJson(url: URL, options: Omit<GetJsonOptions, 'headers'>): Promise<unknown> {
    return this.http.getJson(url, { ...options, headers: this.authHeaders() });
  }

  /** The rows of every page from `first` on, in order (see `readPages`). */
  protected getPages<T>(
    first: URL,
    options: Omit<GetJsonOptions, 'headers' | 'continuation'>,
    paged: PagedRead<T>,
  ): Promise<T[]> {
    return readPages(
      this.name,
      (url, continuation) => this.getJson(url, { ...options, continuation }),
      first,
      paged,
    );
  }

  /**
   * The bars of `piece` from a paged feed: `first(from)` asks for the bars
   * from `from` to the piece's end. After an expired page link it asks again
   * from just past the latest bar in hand (the next date, for daily bars).
   */
  protected getBarPages(
    piece: Interval,
    resolution: Resolution,
    first: (from: number) => URL,
    read: PagedRead<Candle>['read'],
    options: Omit<GetJsonOptions, 'headers' | 'continuation'>,
  ): Promise<Candle[]> {
    const step = isIntraday(resolution) ? 1 : DAY_MS;
    const resume = (rows: readonly Candle[]) => {
      const latest = rows.reduce((max, r) => (r.start > max ? r.start : max), -Infinity);
      return first(Math.max(piece.from, latest + step));
    };
    return this.getPages(first(piece.from), options, { read, resume });
  }

  /**
   * One call for the past week of `ACCESS_PROBE_TICKER` at `resolution`: a plan
   * refusal denies `denies`; other failures are thrown.
   */
  protected async probeAccess(
    resolution: Resolution,
    denies: readonly Resolution[],
    signal?: AbortSignal,
  ): Promise<ProviderAccess> {
    const today = this.now() - (this.now() % DAY_MS);
    const pastWeek = { from: today - 7 * DAY_MS, to: today + DAY_MS };
    const wire = this.resampling(resolution)?.source ?? resolution;
    try {
      await this.fetchPiece(ACCESS_PROBE_TICKER, wire, pastWeek, signal);
      return { denied: [] };
    } catch (error) {
      if (!(error instanceof ProviderPlanError)) throw error;
      return { denied: denies, reason: error.message };
    }
  }

  /**
   * One kind of a corporate-actions feed (`what`: `splits`, `dividends`, or
   * both from one endpoint) for `range`: the sound events of the rows `ask`
   * fetches that go ex in `range`, oldest first, the unsound ones counted and
   * logged as `what`; or null when the key's plan refuses that feed
   * (`ProviderPlanError`), so that the answer reports the kind uncovered
   * rather than empty (`corporateActionsAnswer`).
   */
  protected async corporateActionsOfKind(
    ticker: string,
    range: Interval,
    what: string,
    ask: () => Promise<readonly WireCorporateAction[]>,
  ): Promise<CorporateAction[] | null> {
    let rows: readonly WireCorporateAction[];
    try {
      rows = await ask();
    } catch (error) {
      if (error instanceof ProviderPlanError) return null;
      throw error;
    }
    const { actions, total, dropped } = corporateActionRows(rows);
    this.rows.record(ticker, what, total, dropped);
    return actions.filter((a) => contains(range, a.date));
  }

  /**
   * The bars asked of upstream for an intraday `resolution`, validated as
   * such, then aggregated on the session grid. Hourly candles come from
   * 30-minute bars: every HTTP feed here stamps its hourly bars on the clock
   * hour (10:00, 11:00, … New York), not on the grid from the 09:30 open, and
   * all of them would be dropped as misaligned. Two 30-minute bars make an
   * hour; twice the rows per call cost nothing extra, the feeds meter calls.
   */
  protected wireResolution(resolution: IntradayResolution): IntradayResolution {
    return resolution === '60' ? '30' : resolution;
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
