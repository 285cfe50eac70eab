import { Inject, Injectable } from '@nestjs/common';
import { HttpOhlcProvider, OhlcProvider } from '@app/market-data';
import {
  L1Usage,
  OhlcCacheCounters,
  UpstreamBreakers,
  WriteReplayQueue,
  type BreakerState,
  type ReplayLoss,
} from '@app/ohlc-cache';
import { FALLBACK_PROVIDERS } from '@app/candle-data';
import { collectedCounter, collectedGauge, type Sample } from './collected-metric';
import { MetricsRegistry } from './metrics-registry';

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half-open', 'open'];
const LOSSES: readonly ReplayLoss[] = ['overflow', 'rejected', 'shutdown'];

/**
 * The cache's own numbers as Prometheus series, read at scrape time from
 * where they are kept: `OhlcCacheCounters`, the adapters' row statistics,
 * the replay queue, the breakers and L1's store.
 */
@Injectable()
export class CacheMetrics {
  constructor(
    { registry }: MetricsRegistry,
    counters: OhlcCacheCounters,
    replay: WriteReplayQueue,
    breakers: UpstreamBreakers,
    l1: L1Usage,
    @Inject(OhlcProvider) primary: OhlcProvider,
    @Inject(FALLBACK_PROVIDERS) fallbacks: readonly OhlcProvider[],
  ) {
    const providers = () => [...counters.providers()];
    collectedCounter(registry, {
      name: 'ohlc_upstream_calls_total',
      help: 'Upstream fetchCandles calls by provider and outcome (ok, or how they failed; circuit_open never reached upstream)',
      labelNames: ['provider', 'outcome'],
      samples: () =>
        providers().flatMap(([provider, counts]): Sample<'provider' | 'outcome'>[] => [
          [{ provider, outcome: 'ok' }, counts.calls],
          ...Object.entries(counts.failures).map(([outcome, n]): Sample<'provider' | 'outcome'> => [
            { provider, outcome },
            n ?? 0,
          ]),
        ]),
    });
    collectedCounter(registry, {
      name: 'ohlc_upstream_rows_total',
      help: 'Candles upstream calls returned (after validation), by provider',
      labelNames: ['provider'],
      samples: () => providers().map(([provider, counts]) => [{ provider }, counts.rows]),
    });
    collectedCounter(registry, {
      name: 'ohlc_upstream_rows_refetched_total',
      help: 'Returned candles the cache already held (fetched again because one call was cheaper)',
      labelNames: ['provider'],
      samples: () => providers().map(([provider, counts]) => [{ provider }, counts.refetchedRows]),
    });
    collectedCounter(registry, {
      name: 'ohlc_upstream_corrections_total',
      help: 'Candles fetched again that differed from the copy held (after settlement, or on re-verification), by provider',
      labelNames: ['provider'],
      samples: () => providers().map(([provider, counts]) => [{ provider }, counts.corrections]),
    });
    collectedCounter(registry, {
      name: 'ohlc_upstream_reverified_rows_total',
      help: 'Candles returned for final sessions asked for again to re-verify them, by provider',
      labelNames: ['provider'],
      samples: () => providers().map(([provider, counts]) => [{ provider }, counts.reverifiedRows]),
    });
    collectedCounter(registry, {
      name: 'ohlc_upstream_reverification_calls_total',
      help: 'Upstream calls made only to re-verify final sessions: what the schedule costs the budget',
      labelNames: ['provider'],
      samples: () =>
        providers().map(([provider, counts]) => [{ provider }, counts.reverificationCalls]),
    });
    collectedGauge(registry, {
      name: 'ohlc_upstream_reverification_checks_per_session',
      help: 'Re-verifications the schedule allows each session of a series (daily rows; short intraday sessions), by provider',
      labelNames: ['provider', 'series'],
      samples: () =>
        [primary, ...fallbacks].flatMap((p): Sample<'provider' | 'series'>[] => [
          [{ provider: p.name, series: 'daily' }, p.reverification?.dailyAfterSessions.length ?? 0],
          [
            { provider: p.name, series: 'intraday' },
            p.reverification?.shortIntradaySessions ? 1 : 0,
          ],
        ]),
    });
    collectedCounter(registry, {
      name: 'ohlc_upstream_corporate_action_calls_total',
      help: "Asks of a provider's corporate-actions feeds that answered (each asks every feed it has)",
      labelNames: ['provider'],
      samples: () =>
        providers().map(([provider, counts]) => [{ provider }, counts.corporateActionCalls]),
    });
    const validating = [primary, ...fallbacks].filter(
      (p): p is HttpOhlcProvider => p instanceof HttpOhlcProvider,
    );
    collectedCounter(registry, {
      name: 'ohlc_upstream_rows_dropped_total',
      help: 'Upstream rows dropped by validation (never cached), by provider and reason',
      labelNames: ['provider', 'reason'],
      samples: () =>
        validating.flatMap((p) =>
          Object.entries(p.stats().droppedRows).map(
            ([reason, n]): Sample<'provider' | 'reason'> => [{ provider: p.name, reason }, n],
          ),
        ),
    });
    collectedCounter(registry, {
      name: 'ohlc_single_flight_joins_total',
      help: 'Requests that waited for a fetch another request of this process had started',
      samples: () => [[{}, counters.singleFlightJoins]],
    });
    collectedCounter(registry, {
      name: 'ohlc_fetch_lease_waits_total',
      help: "Fetches that found another instance's lease and waited for its result",
      samples: () => [[{}, counters.leaseWaits]],
    });
    collectedCounter(registry, {
      name: 'ohlc_fetch_lease_takeovers_total',
      help: 'Fetches that took a lease over after it expired without a result',
      samples: () => [[{}, counters.leaseTakeovers]],
    });
    collectedGauge(registry, {
      name: 'ohlc_l2_replay_queue_writes',
      help: 'Write-throughs L2 refused, waiting in the replay queue',
      samples: () => [[{}, replay.stats().pending.writes]],
    });
    collectedGauge(registry, {
      name: 'ohlc_l2_replay_queue_candles',
      help: 'Candles in the replay queue',
      samples: () => [[{}, replay.stats().pending.candles]],
    });
    collectedGauge(registry, {
      name: 'ohlc_l2_replay_queue_bytes',
      help: 'Bytes (JSON) in the replay queue',
      samples: () => [[{}, replay.stats().pending.bytes]],
    });
    collectedCounter(registry, {
      name: 'ohlc_l2_replayed_writes_total',
      help: 'Queued writes L2 accepted on replay',
      samples: () => [[{}, replay.stats().replayed.writes]],
    });
    collectedCounter(registry, {
      name: 'ohlc_l2_replay_lost_candles_total',
      help: 'Candles of queued writes that never reached L2: queue full, refused for good, or left at shutdown',
      labelNames: ['reason'],
      samples: () => LOSSES.map((reason) => [{ reason }, replay.stats().lost[reason].candles]),
    });
    collectedGauge(registry, {
      name: 'ohlc_upstream_breaker_state',
      help: "1 for each provider's current circuit breaker state, 0 for the others",
      labelNames: ['provider', 'state'],
      samples: () =>
        [...breakers.states()].flatMap(([provider, current]) =>
          BREAKER_STATES.map((state): Sample<'provider' | 'state'> => [
            { provider, state },
            state === current ? 1 : 0,
          ]),
        ),
    });
    collectedGauge(registry, {
      name: 'ohlc_l1_entries',
      help: 'Entries in L1 (one UTC day of an intraday series or one UTC year of a daily one)',
      samples: () => {
        const size = l1.measure();
        return size ? [[{}, size.entries]] : [];
      },
    });
    collectedGauge(registry, {
      name: 'ohlc_l1_bytes',
      help: 'Estimated heap bytes of L1 entries (a fixed cost per candle and per covered span)',
      samples: () => {
        const size = l1.measure();
        return size ? [[{}, size.bytes]] : [];
      },
    });
  }
}
