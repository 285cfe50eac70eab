import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { UpstreamBreakers } from '@app/ohlc-cache';

/**
 * Each provider's circuit breaker state, for the operator. Never fatal: with
 * a breaker open, cached data is still served, so the instance stays ready.
 */
@Injectable()
export class UpstreamHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly breakers: UpstreamBreakers,
  ) {}

  check(key: string): HealthIndicatorResult {
    return this.indicators.check(key).up({ breakers: Object.fromEntries(this.breakers.states()) });
  }
}
