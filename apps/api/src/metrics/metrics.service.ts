import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from './metrics-registry';

/** The Prometheus text exposition of every series the app registered. */
@Injectable()
export class MetricsService {
  constructor(private readonly metrics: MetricsRegistry) {}

  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
