import { Module } from '@nestjs/common';
import { MetricsRegistry } from './metrics-registry';
import { PrometheusCacheObserver } from './prometheus-cache.observer';

/**
 * The registry and the cache observer, apart from the rest of the metrics:
 * the cache library's options need the observer, and the collectors need
 * the cache library, so one module could not serve both.
 */
@Module({
  providers: [MetricsRegistry, PrometheusCacheObserver],
  exports: [MetricsRegistry, PrometheusCacheObserver],
})
export class MetricsRegistryModule {}
