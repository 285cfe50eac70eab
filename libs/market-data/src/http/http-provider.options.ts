import type { FetchCostModel } from '../fetch-cost';
import type { BudgetWindow } from '../rate-limit/budget-window';
import type { SettlementPolicy } from '../settlement/settlement-policy';
import type { CandleStartPredicate } from '../validation/candle-start-predicate';
import type { WarningLogger } from '../validation/upstream-row-filter';

/**
 * Options shared by the HTTP adapters (Tiingo, Finnhub, Polygon, Alpaca). Only
 * `apiKey` and `isCandleStart` are required; each adapter documents its own
 * defaults.
 */
export interface HttpProviderOptions {
  /** API origin plus path prefix, no trailing slash needed (tests point it at a local server). */
  readonly baseUrl?: string;
  /** The provider key. Sent only in a request header; never in a URL, log line or error. */
  readonly apiKey: string;
  /** Per-request timeout in milliseconds (request sent → last body byte). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt, for timeouts, network errors and 5xx answers only (a count). */
  readonly maxRetries?: number;
  /** Backoff ceiling of the first retry in milliseconds; doubles per retry, with full jitter. */
  readonly baseBackoffMs?: number;
  /** Client-side request budget: every window (requests per milliseconds) must have room. */
  readonly limits?: readonly BudgetWindow[];
  /** Most candles one HTTP call may return (a count); longer ranges are split into several calls. */
  readonly maxBarsPerCall?: number;
  /** What calls and rows cost against the plan in use (see `FetchCostModel`); adapter default when absent. */
  readonly fetchCost?: FetchCostModel;
  /** Which candle starts exist (session and grid); rows failing it are dropped. */
  readonly isCandleStart: CandleStartPredicate;
  /** Current instant in epoch milliseconds (rate budget, `Retry-After`). Default `Date.now`. */
  readonly now?: () => number;
  /** Where dropped-row warnings go. Default a Nest `Logger` named after the adapter class. */
  readonly logger?: WarningLogger;
  /**
   * When closed candles are final (`dailyNewYorkMinute`: minutes after 00:00
   * New York on the session date; `intradayDelayMs`: ms after the bar's end).
   * Fields left out keep the adapter's default.
   */
  readonly settlement?: Partial<SettlementPolicy>;
}

/** What an adapter supplies for the options a caller left out. */
export interface HttpProviderDefaults {
  readonly baseUrl: string;
  readonly limits: readonly BudgetWindow[];
  /** Default: unbounded (one call per range, however many pages it takes). */
  readonly maxBarsPerCall?: number;
  /** Default `DEFAULT_FETCH_COST`: calls are the scarce resource. */
  readonly fetchCost?: FetchCostModel;
  /** Default `EXCHANGE_FEED_SETTLEMENT`. */
  readonly settlement?: SettlementPolicy;
  /** Tells a plan refusal from a rejected key in a 401/403 body (see `UpstreamHttpClientOptions`). */
  readonly isPlanRefusal?: (body: unknown) => boolean;
  /** Whether upstream's `X-RateLimit-*` headers count (see `UpstreamHttpClientOptions`). */
  readonly readsRateLimitHeaders?: boolean;
}

/** Defaults common to the adapters: upstreams answer in 0.5–2 s, so 10 s means trouble. */
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_BASE_BACKOFF_MS = 250;
