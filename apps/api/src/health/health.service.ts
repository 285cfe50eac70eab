import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { L2HealthIndicator } from './l2-health.indicator';
import { SharedStateHealthIndicator } from './shared-state-health.indicator';
import { UpstreamHealthIndicator } from './upstream-health.indicator';

/** Liveness and readiness, as terminus reports them. */
@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly l2: L2HealthIndicator,
    private readonly upstream: UpstreamHealthIndicator,
    private readonly shared: SharedStateHealthIndicator,
  ) {}

  /** The process is up and answering: nothing else is checked. */
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** L2 reachable with its table: a 503 naming what failed otherwise. */
  async ready(): Promise<HealthCheckResult> {
    const shared = this.shared.check('shared-state');
    try {
      return await this.health.check([
        () => this.l2.check('l2'),
        () => this.upstream.check('upstream'),
        ...(shared ? [() => shared] : []),
      ]);
    } catch (error) {
      // Errors leave as {"detail": ...} (docs/api.md#errors): say what is down in it.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      throw new ServiceUnavailableException(`Not ready: ${downChecks(error.getResponse())}`);
    }
  }
}

function downChecks(body: unknown): string {
  const failed = (body as Partial<HealthCheckResult>).error ?? {};
  return Object.entries(failed)
    .map(([key, result]) => {
      const details = Object.entries(result ?? {}).filter(([name]) => name !== 'status');
      return `${key} ${JSON.stringify(Object.fromEntries(details))}`;
    })
    .join('; ');
}
