import { BrokenCircuitError, IsolatedCircuitError, type CircuitBreakerPolicy } from 'cockatiel';
import {
  ProviderCircuitOpenError,
  type Candle,
  type Interval,
  type Resolution,
} from '@app/ohlc-core';
import type { OhlcProvider, ProviderAccess } from '@app/market-data';

/**
 * An `OhlcProvider` behind its circuit breaker: calls go through the breaker,
 * and while it is open they fail at once with `ProviderCircuitOpenError`
 * instead of reaching upstream. Everything else is the wrapped provider's.
 */
export class CircuitBreakingProvider implements OhlcProvider {
  readonly name: string;
  readonly resolutions: readonly Resolution[];
  readonly fetchCost: OhlcProvider['fetchCost'];
  readonly budget: OhlcProvider['budget'];
  readonly settlement: OhlcProvider['settlement'];
  readonly reverification: OhlcProvider['reverification'];
  readonly volumeScope: OhlcProvider['volumeScope'];
  readonly priceAdjustment: OhlcProvider['priceAdjustment'];
  readonly fetchCorporateActions?: OhlcProvider['fetchCorporateActions'];
  readonly checkAccess?: OhlcProvider['checkAccess'];

  /** @param retryAt epoch ms (in the cache's clock) when the open breaker lets a probe through. */
  constructor(
    readonly inner: OhlcProvider,
    private readonly breaker: CircuitBreakerPolicy,
    private readonly retryAt: () => number,
  ) {
    this.name = inner.name;
    this.resolutions = inner.resolutions;
    this.fetchCost = inner.fetchCost;
    this.budget = inner.budget;
    this.settlement = inner.settlement;
    this.reverification = inner.reverification;
    this.volumeScope = inner.volumeScope;
    this.priceAdjustment = inner.priceAdjustment;
    const actions = inner.fetchCorporateActions?.bind(inner);
    if (actions) {
      this.fetchCorporateActions = (ticker: string, range: Interval, signal?: AbortSignal) =>
        this.guard(() => actions(ticker, range, signal));
    }
    // A start-up plan check is no outage: it bypasses the breaker.
    const access = inner.checkAccess?.bind(inner);
    if (access)
      this.checkAccess = (signal?: AbortSignal): Promise<ProviderAccess> => access(signal);
  }

  fetchCandles(
    ticker: string,
    resolution: Resolution,
    range: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]> {
    return this.guard(() => this.inner.fetchCandles(ticker, resolution, range, signal));
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await this.breaker.execute(call);
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
        throw new ProviderCircuitOpenError(this.name, this.retryAt());
      }
      throw error;
    }
  }
}
