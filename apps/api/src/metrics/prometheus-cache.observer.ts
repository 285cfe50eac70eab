import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import type { CacheObserver } from '@app/ohlc-cache';
import { MetricsRegistry } from './metrics-registry';

/** The cache library's `CacheObserver` as Prometheus series. */
@Injectable()
export class PrometheusCacheObserver implements CacheObserver {
  private readonly reads: Counter<'layer' | 'outcome'>;
  private readonly l2Latency: Histogram<'operation' | 'outcome'>;

  constructor({ registry }: MetricsRegistry) {
    this.reads = new Counter({
      name: 'ohlc_cache_reads_total',
      help: 'Reads of a cache layer for a request range: hit (covered all of it), miss, or error',
      labelNames: ['layer', 'outcome'],
      registers: [registry],
    });
    this.l2Latency = new Histogram({
      name: 'ohlc_l2_operation_duration_seconds',
      help: 'Duration of one L2 store operation (a range read, or a write-through), retries included',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  layerRead(layer: 'l1' | 'l2', outcome: 'hit' | 'miss' | 'error'): void {
    this.reads.inc({ layer, outcome });
  }

  l2Operation(operation: 'read' | 'write', outcome: 'ok' | 'error', seconds: number): void {
    this.l2Latency.observe({ operation, outcome }, seconds);
  }
}
