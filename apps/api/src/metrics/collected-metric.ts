import { Counter, Gauge, type Registry } from 'prom-client';

/** Label values of one sample, and its value. */
export type Sample<L extends string> = readonly [Partial<Record<L, string>>, number];

interface CollectedMetric<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly L[];
  /** Read at every scrape from where the numbers already live. */
  readonly samples: () => Iterable<Sample<L>>;
}

/**
 * A counter whose values are read at scrape time from counts kept elsewhere
 * (the cache library's counters, the adapters' row statistics), rather than
 * counted twice.
 */
export function collectedCounter<L extends string>(
  registry: Registry,
  metric: CollectedMetric<L>,
): void {
  new Counter<L>({
    name: metric.name,
    help: metric.help,
    labelNames: metric.labelNames ?? [],
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of metric.samples()) this.inc(labels, value);
    },
  });
}

/** A gauge read at scrape time (queue depth, breaker state, L1 size). */
export function collectedGauge<L extends string>(
  registry: Registry,
  metric: CollectedMetric<L>,
): void {
  new Gauge<L>({
    name: metric.name,
    help: metric.help,
    labelNames: metric.labelNames ?? [],
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of metric.samples()) this.set(labels, value);
    },
  });
}
