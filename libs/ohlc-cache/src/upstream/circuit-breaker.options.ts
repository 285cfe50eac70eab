/** When a provider's circuit breaker opens and when it probes again. */
export interface CircuitBreakerOptions {
  /**
   * Failed calls in a row (each after the adapter's own retries) that open the
   * breaker: no call reaches the provider until it half-opens. A count.
   */
  readonly failures: number;
  /** How long the breaker stays open before one probe call is let through, in milliseconds. */
  readonly halfOpenAfterMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerOptions = {
  failures: 5,
  halfOpenAfterMs: 30_000,
};
