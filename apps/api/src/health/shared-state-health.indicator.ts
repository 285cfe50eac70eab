import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { InjectSharedState, type SharedState } from '@app/shared-state';

/**
 * The shared state (Redis), when configured. Never fatal: while it is down
 * each feature runs per instance (local throttling, the periodic generation
 * check, no shared L1 tier), so the instance stays ready, and says so.
 */
@Injectable()
export class SharedStateHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectSharedState() private readonly shared: SharedState | null,
  ) {}

  /** Undefined when no shared state is configured. */
  check(key: string): HealthIndicatorResult | undefined {
    if (!this.shared) return undefined;
    const { up, transitions } = this.shared.status;
    return this.indicators.check(key).up({
      state: up ? 'up' : 'down (each instance on its own)',
      transitions: { ...transitions },
    });
  }
}
