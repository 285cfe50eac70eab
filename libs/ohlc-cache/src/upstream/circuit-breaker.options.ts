import type { CircuitBreakerOptions } from '../ohlc-cache.options';

export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerOptions = {
  failures: 5,
  halfOpenAfterMs: 30_000,
};
