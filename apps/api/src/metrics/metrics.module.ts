import { Module } from '@nestjs/common';
import { CacheMetrics } from './cache-metrics';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsRegistryModule } from './metrics-registry.module';
import { LiveModule } from '../live/live.module';
import { LiveMetrics } from './live-metrics';
import { MetricsService } from './metrics.service';
import { SharedStateMetrics } from './shared-state-metrics';

/** `GET /metrics` in Prometheus text format. */
@Module({
  imports: [MetricsRegistryModule, LiveModule],
  controllers: [MetricsController],
  providers: [MetricsService, CacheMetrics, HttpMetrics, SharedStateMetrics, LiveMetrics],
})
export class MetricsModule {}
