import { Injectable, Logger } from '@nestjs/common';
import {
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { ProviderPlanError, ProviderUnavailableError } from '@app/ohlc-core';
import { InjectClock, type ClockPort } from '@app/market-hours';
import type { OhlcProvider } from '@app/market-data';
import { InjectOhlcCacheOptions } from '../ohlc-cache.decorators';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';
import type { CircuitBreakerOptions } from '../ohlc-cache.options';
import { DEFAULT_CIRCUIT_BREAKER } from './circuit-breaker.options';
import { CircuitBreakingProvider } from './circuit-breaking-provider';

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Only an upstream that cannot answer counts against its breaker: a rate
 * limit, a rejected key, a plan refusal or an unknown ticker says nothing of
 * its health, and calling again would not help or hurt it.
 */
const isOutage = (error: unknown): boolean =>
  error instanceof ProviderUnavailableError && !(error instanceof ProviderPlanError);

/**
 * One circuit breaker (cockatiel) per provider the cache fetches from: after
 * `failures` failed calls in a row it stops calling the provider, and lets
 * one probe through `halfOpenAfterMs` later; a successful probe closes it.
 */
@Injectable()
export class UpstreamBreakers {
  private readonly logger = new Logger(UpstreamBreakers.name);
  private readonly options: CircuitBreakerOptions;
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();

  constructor(
    @InjectOhlcCacheOptions() options: OhlcCacheModuleOptions,
    @InjectClock() private readonly clock: ClockPort,
  ) {
    this.options = { ...DEFAULT_CIRCUIT_BREAKER, ...options.breaker };
  }

  /** `provider` behind its own breaker. */
  wrap(provider: OhlcProvider): OhlcProvider {
    const breaker = circuitBreaker(handleWhen(isOutage), {
      halfOpenAfter: this.options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(this.options.failures),
    });
    // The breaker measures its pause in real time; Retry-After is told in the cache's clock.
    let openedAt = 0;
    breaker.onBreak(() => {
      openedAt = Date.now();
      this.logger.warn(
        `Circuit breaker of ${provider.name} open after ${this.options.failures} failures in a row; ` +
          `probing again in ${this.options.halfOpenAfterMs} ms`,
      );
    });
    breaker.onReset(() => this.logger.log(`Circuit breaker of ${provider.name} closed again`));
    this.breakers.set(provider.name, breaker);
    const retryAt = () =>
      this.clock.now() + Math.max(0, openedAt + this.options.halfOpenAfterMs - Date.now());
    return new CircuitBreakingProvider(provider, breaker, retryAt);
  }

  /** Each provider's breaker state, by provider name. */
  states(): ReadonlyMap<string, BreakerState> {
    return new Map([...this.breakers].map(([name, breaker]) => [name, stateName(breaker.state)]));
  }
}

function stateName(state: CircuitState): BreakerState {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half-open';
    case CircuitState.Open:
    case CircuitState.Isolated:
      return 'open';
  }
}
