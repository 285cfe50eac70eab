import { Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';

/**
 * The app's own Prometheus registry (not prom-client's global one), so that
 * several apps in one process, as in the e2e suites, never share series.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
}
