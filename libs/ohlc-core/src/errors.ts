/**
 * Domain errors. Each one says what went wrong in words a dashboard user or an
 * operator can act on; the API maps them to status codes in one place.
 */
export abstract class OhlcError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No layer and no upstream has any candle for the requested range. */
export class NoDataError extends OhlcError {
  constructor(readonly ticker: string) {
    super(`No price data available for ${ticker}`);
  }
}

/** The provider does not know the ticker. */
export class UnknownTickerError extends OhlcError {
  constructor(
    readonly ticker: string,
    readonly provider: string,
  ) {
    super(`Unknown ticker ${ticker} at ${provider}`);
  }
}

/** Upstream is needed but cannot be reached or answered garbage. */
export class ProviderUnavailableError extends OhlcError {
  constructor(
    readonly provider: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`Upstream provider ${provider} is unavailable: ${reason}`, options);
  }
}

/**
 * The key is valid but its plan does not include what was asked (Finnhub's
 * free plan has no `/stock/candle`). Retrying never helps and the key is not
 * wrong, so it is not a ProviderAuthError; it stays a kind of unavailability
 * so that every caller treating upstream as unavailable (fallback providers,
 * a 503) handles it without knowing it.
 */
export class ProviderPlanError extends ProviderUnavailableError {
  constructor(
    provider: string,
    /** What the plan lacks, in words (`candles`, `splits`). */
    readonly resource: string,
  ) {
    super(provider, `plan lacks access to ${resource}`);
  }
}

/** The provider refused our credentials: a configuration problem, never the caller's. */
export class ProviderAuthError extends OhlcError {
  constructor(readonly provider: string) {
    super(`Upstream provider ${provider} rejected the configured credentials`);
  }
}

/** The provider (or our own budget for it) says not now. */
export class RateLimitedError extends OhlcError {
  constructor(
    readonly provider: string,
    /** Epoch ms before which the provider must not be called again. */
    readonly retryAt: number,
  ) {
    super(`Upstream provider ${provider} is rate limited`);
  }
}

/**
 * A fetch from upstream was not started: the asking client already runs its
 * share of them (`client`), or this instance runs as many as it takes
 * (`instance`). Nothing was fetched; the caller may retry at `retryAt`.
 */
export class FillRefusedError extends OhlcError {
  constructor(
    readonly scope: 'client' | 'instance',
    detail: string,
    /** Epoch ms after which a retry may be admitted. */
    readonly retryAt: number,
  ) {
    super(detail);
  }
}

/** An L2 operation failed after its retries. */
export class CacheStoreError extends OhlcError {}

/** The request itself is wrong (dates out of order, unknown range, ...): the caller can fix it. */
export class InvalidQueryError extends OhlcError {}

/**
 * The provider failed so often in a row that its circuit breaker stopped
 * calling it; one probe call is let through at `retryAt`. A kind of
 * unavailability, so fallbacks and partial answers handle it unchanged.
 */
export class ProviderCircuitOpenError extends ProviderUnavailableError {
  constructor(
    provider: string,
    /** Epoch ms when the breaker lets a probe call through. */
    readonly retryAt: number,
  ) {
    super(provider, 'circuit breaker open after repeated failures');
  }
}
