import { Injectable } from '@nestjs/common';
import { InjectSharedState, type SharedState } from '@app/shared-state';
import { collectedCounter, collectedGauge } from './collected-metric';
import { MetricsRegistry } from './metrics-registry';

/** The shared state's health (docs/operations.md#shared-state), when `REDIS_URL` is set. */
@Injectable()
export class SharedStateMetrics {
  constructor({ registry }: MetricsRegistry, @InjectSharedState() shared: SharedState | null) {
    if (!shared) return;
    const { status } = shared;
    collectedGauge(registry, {
      name: 'ohlc_shared_state_up',
      help: 'Whether the shared state (Redis) answers: 1, or 0 while each instance is on its own',
      samples: () => [[{}, status.up ? 1 : 0]],
    });
    collectedCounter(registry, {
      name: 'ohlc_shared_state_transitions_total',
      help: 'Times the shared state (Redis) went down, and came back up, since start',
      labelNames: ['to'],
      samples: () => [
        [{ to: 'down' }, status.transitions.down],
        [{ to: 'up' }, status.transitions.up],
      ],
    });
  }
}
