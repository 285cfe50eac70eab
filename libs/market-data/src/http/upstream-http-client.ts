import {
  ProviderAuthError,
  ProviderPlanError,
  ProviderUnavailableError,
  RateLimitedError,
  UnknownTickerError,
} from '@app/ohlc-core';
import type { UpstreamBudget } from '../rate-limit/upstream-budget';
import { abortReason, backoffDelayMs, sleep } from './backoff';
import { exhaustedUntil, readRateLimitHeaders } from './rate-limit-headers';
import { DEFAULT_RETRY_AFTER_MS, retryAtFrom } from './retry-after';

export interface UpstreamHttpClientOptions {
  /** Provider name written into every domain error (`tiingo`, `finnhub`, ...). */
  readonly provider: string;
  /** Per-attempt timeout in milliseconds, from sending the request to the last body byte. */
  readonly timeoutMs: number;
  /** Retries after the first attempt, for timeouts, network errors and 5xx answers only. */
  readonly maxRetries: number;
  /** Backoff ceiling of the first retry in milliseconds; doubles per retry (full jitter). */
  readonly baseBackoffMs: number;
  /** When set, every attempt spends one slot and a 429 blocks it until `Retry-After`. */
  readonly budget?: UpstreamBudget;
  /** Current instant in epoch milliseconds, to turn `Retry-After` into an instant. Default `Date.now`. */
  readonly now?: () => number;
  /** Uniform source in `[0, 1)` for the backoff jitter. Default `Math.random`. */
  readonly random?: () => number;
  /**
   * Recognises a 401/403 body (parsed JSON, or undefined when it is not JSON)
   * saying the key is valid but its plan lacks the resource: it then becomes
   * `ProviderPlanError` instead of `ProviderAuthError`. Default: never.
   */
  readonly isPlanRefusal?: (body: unknown) => boolean;
  /**
   * Reads `X-RateLimit-Remaining`/`X-RateLimit-Reset` (epoch seconds) on every
   * answer: a window with no call left blocks the budget until its reset, and
   * a 429 without `Retry-After` waits for the reset. Default: ignored.
   */
  readonly readsRateLimitHeaders?: boolean;
}

export interface GetJsonOptions {
  /** Request headers (credentials go here, never in the URL). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The caller's cancellation; combined with the per-attempt timeout. */
  readonly signal?: AbortSignal;
  /** The ticker the request is about: a 404 then means `UnknownTickerError` for it. */
  readonly ticker?: string;
  /** Overrides the client's `timeoutMs` for this request. */
  readonly timeoutMs?: number;
  /** Overrides the client's `maxRetries` for this request. */
  readonly retries?: number;
  /** What the request asks for, in words (`candles`, `splits`), named by `ProviderPlanError`. */
  readonly resource?: string;
  /**
   * The request follows a link or token of an earlier page: a 400 or 410 then
   * says the link expired (`PageExpiredError`), not that the request is wrong.
   */
  readonly continuation?: boolean;
}

/**
 * A page link or token upstream no longer honours. Neither Polygon nor Alpaca
 * documents an expiry or its answer; a 400 or 410 to a link it handed out is
 * taken as one, so that the caller can ask again from where it got to.
 */
export class PageExpiredError extends ProviderUnavailableError {}

/** A failure worth another attempt (network error, 5xx); its reason ends up in the final error. */
class RetryableFailure {
  constructor(
    readonly reason: string,
    readonly cause?: unknown,
  ) {}
}

/**
 * The one HTTP layer every upstream adapter uses: JSON GETs with a timeout,
 * bounded jittered retries and the mapping of HTTP outcomes to the domain
 * errors of `@app/ohlc-core`.
 *
 * Error messages name the request by its path only: the query string and the
 * headers may hold credentials and never leave this class.
 */
export class UpstreamHttpClient {
  readonly provider: string;
  private readonly options: UpstreamHttpClientOptions;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(options: UpstreamHttpClientOptions) {
    this.provider = options.provider;
    this.options = options;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /**
   * The parsed JSON body of a 2xx answer. Throws `ProviderAuthError` (401/403),
   * `ProviderPlanError` (401/403 that `isPlanRefusal` recognises),
   * `UnknownTickerError` (404 with `ticker`), `PageExpiredError` (400/410 to a
   * `continuation`), `RateLimitedError` (429, own budget exhausted),
   * `ProviderUnavailableError` (timeout, network or 5xx after retries, invalid
   * JSON, any other status), or the caller's abort reason when `signal` aborts.
   */
  async getJson(url: URL | string, options: GetJsonOptions = {}): Promise<unknown> {
    const target = typeof url === 'string' ? new URL(url) : url;
    const maxRetries = options.retries ?? this.options.maxRetries;
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw abortReason(options.signal);
      this.options.budget?.tryAcquire();
      const result = await this.attempt(target, options);
      if (!(result instanceof RetryableFailure)) return result.json;
      if (attempt >= maxRetries) {
        const attempts = attempt + 1;
        const suffix = attempts > 1 ? ` (after ${attempts} attempts)` : '';
        throw new ProviderUnavailableError(this.provider, result.reason + suffix, {
          cause: result.cause,
        });
      }
      await sleep(backoffDelayMs(attempt, this.options.baseBackoffMs, this.random), options.signal);
    }
  }

  private async attempt(
    url: URL,
    options: GetJsonOptions,
  ): Promise<{ readonly json: unknown } | RetryableFailure> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    // Cleared once the attempt ends: AbortSignal.timeout's timer would stay until it fired,
    // holding the call's context (the request's logger and signals) after every call.
    const timeout = new AbortController();
    const timer = setTimeout(() => {
      timeout.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs).unref();
    try {
      return await this.attemptWithin(url, options, timeout.signal, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  private async attemptWithin(
    url: URL,
    options: GetJsonOptions,
    timeout: AbortSignal,
    timeoutMs: number,
  ): Promise<{ readonly json: unknown } | RetryableFailure> {
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const what = `GET ${url.pathname}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        headers: { Accept: 'application/json', ...options.headers },
        signal,
        // A redirect would carry the credential headers to wherever it points.
        redirect: 'manual',
      });
    } catch (error) {
      return this.transportFailure(error, what, options.signal, timeout, timeoutMs);
    }
    const blockedUntil = this.options.readsRateLimitHeaders
      ? exhaustedUntil(readRateLimitHeaders(response.headers))
      : undefined;
    if (blockedUntil !== undefined) this.options.budget?.blockUntil(blockedUntil);
    if (!response.ok) {
      const refusal = await this.refusalBody(response);
      return this.statusFailure(response, what, options, refusal);
    }
    try {
      text = await response.text();
    } catch (error) {
      return this.transportFailure(error, what, options.signal, timeout, timeoutMs);
    }
    try {
      return { json: JSON.parse(text) as unknown };
    } catch {
      // The parser's message quotes the body; it stays out of the error.
      throw new ProviderUnavailableError(this.provider, `${what} answered invalid JSON`);
    }
  }

  /**
   * Throws the caller's abort reason; a timeout or a network failure is worth
   * retrying.
   */
  private transportFailure(
    error: unknown,
    what: string,
    callerSignal: AbortSignal | undefined,
    timeout: AbortSignal,
    timeoutMs: number,
  ): RetryableFailure {
    if (callerSignal?.aborted) throw abortReason(callerSignal);
    // Retried like a 5xx: a lost answer is as transient as a failed one. The
    // caller's signal (its request's deadline) bounds how long that goes on.
    if (timeout.aborted) return new RetryableFailure(`${what} timed out after ${timeoutMs} ms`);
    return new RetryableFailure(`${what} could not be reached (${networkErrorCode(error)})`, error);
  }

  /**
   * The parsed body of a 401/403 when a plan refusal could be told from it;
   * undefined otherwise. Any other error body is discarded unread.
   */
  private async refusalBody(response: Response): Promise<unknown> {
    const readable =
      this.options.isPlanRefusal !== undefined &&
      (response.status === 401 || response.status === 403);
    if (!readable) {
      await response.body?.cancel().catch(() => undefined);
      return undefined;
    }
    try {
      return JSON.parse(await response.text()) as unknown;
    } catch {
      return undefined;
    }
  }

  /** A `RetryableFailure` for a 5xx; throws the domain error for every other non-2xx status. */
  private statusFailure(
    response: Response,
    what: string,
    { ticker, resource, continuation }: GetJsonOptions,
    refusal: unknown,
  ): RetryableFailure {
    const { status } = response;
    if (status >= 500) return new RetryableFailure(`${what} answered HTTP ${status}`);
    if (status === 401 || status === 403) {
      if (refusal !== undefined && this.options.isPlanRefusal?.(refusal)) {
        throw new ProviderPlanError(this.provider, resource ?? what);
      }
      throw new ProviderAuthError(this.provider);
    }
    if (status === 404 && ticker !== undefined) throw new UnknownTickerError(ticker, this.provider);
    if (continuation && (status === 400 || status === 410)) {
      throw new PageExpiredError(this.provider, `${what} answered HTTP ${status} to a page link`);
    }
    if (status === 429) {
      const now = this.now();
      const reset = this.options.readsRateLimitHeaders
        ? readRateLimitHeaders(response.headers).resetAt
        : undefined;
      const retryAt = retryAtFrom(
        response.headers.get('retry-after'),
        now,
        reset !== undefined && reset > now ? reset : now + DEFAULT_RETRY_AFTER_MS,
      );
      this.options.budget?.blockUntil(retryAt);
      throw new RateLimitedError(this.provider, retryAt);
    }
    throw new ProviderUnavailableError(this.provider, `${what} answered HTTP ${status}`);
  }
}

/** `ECONNREFUSED`, `UND_ERR_SOCKET`, ...: what fetch's generic "fetch failed" hides in its cause. */
function networkErrorCode(error: unknown): string {
  // Duck-typed: fetch's errors may come from another realm, where `instanceof Error` fails.
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = cause;
  }
  return 'network error';
}
