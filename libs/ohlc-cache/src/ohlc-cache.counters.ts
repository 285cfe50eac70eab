import { Injectable } from '@nestjs/common';
import {
  ProviderAuthError,
  ProviderCircuitOpenError,
  ProviderPlanError,
  ProviderUnavailableError,
  RateLimitedError,
  UnknownTickerError,
} from '@app/ohlc-core';

/** How a failed `fetchCandles` call ended, for the `outcome` of the upstream call metrics. */
export type UpstreamFailure =
  'circuit_open' | 'rate_limited' | 'auth' | 'plan' | 'unknown_ticker' | 'unavailable' | 'error';

/** Upstream work of one provider since the process started. */
export interface ProviderCounts {
  /** `fetchCandles` calls that answered. */
  calls: number;
  /** Candles those calls returned. */
  rows: number;
  /** Returned candles the cache already held (fetched again because merging gaps was cheaper). */
  refetchedRows: number;
  /**
   * Candles fetched again that differed from the copy cached before: an
   * unsettled copy after settlement, or a final one re-verified.
   */
  corrections: number;
  /** Candles returned for sessions asked for again to re-verify them (see `Reverification`). */
  reverifiedRows: number;
  /** Calls made only to re-verify (no new data in them): what the schedule costs the budget. */
  reverificationCalls: number;
  /** `fetchCorporateActions` calls that answered (each asks every feed the provider has). */
  corporateActionCalls: number;
  /** Calls that failed, by how (a call the circuit breaker refused never reached upstream). */
  failures: Partial<Record<UpstreamFailure, number>>;
}

/**
 * How much work the cache saved and spent, for the benchmark and the metrics
 * endpoint. Counts only grow; readers take differences.
 */
@Injectable()
export class OhlcCacheCounters {
  private readonly byProvider = new Map<string, ProviderCounts>();
  /** Requests that waited for a fetch another request of this process had started. */
  singleFlightJoins = 0;
  /** Fetches that found another instance's lease and waited for its result. */
  leaseWaits = 0;
  /** Fetches that took a lease over after its holder let it expire without a result. */
  leaseTakeovers = 0;

  countUpstream(provider: string, rows: number, refetchedRows: number): void {
    const counts = this.provider(provider);
    counts.calls++;
    counts.rows += rows;
    counts.refetchedRows += refetchedRows;
  }

  countUpstreamFailure(provider: string, error: unknown): void {
    const failures = this.provider(provider).failures;
    const kind = failureKind(error);
    failures[kind] = (failures[kind] ?? 0) + 1;
  }

  provider(name: string): ProviderCounts {
    let counts = this.byProvider.get(name);
    if (!counts) {
      counts = {
        calls: 0,
        rows: 0,
        refetchedRows: 0,
        corrections: 0,
        reverifiedRows: 0,
        reverificationCalls: 0,
        corporateActionCalls: 0,
        failures: {},
      };
      this.byProvider.set(name, counts);
    }
    return counts;
  }

  providers(): ReadonlyMap<string, Readonly<ProviderCounts>> {
    return this.byProvider;
  }
}

function failureKind(error: unknown): UpstreamFailure {
  // Subclasses before the classes they extend.
  if (error instanceof ProviderCircuitOpenError) return 'circuit_open';
  if (error instanceof ProviderPlanError) return 'plan';
  if (error instanceof ProviderUnavailableError) return 'unavailable';
  if (error instanceof RateLimitedError) return 'rate_limited';
  if (error instanceof ProviderAuthError) return 'auth';
  if (error instanceof UnknownTickerError) return 'unknown_ticker';
  return 'error';
}
