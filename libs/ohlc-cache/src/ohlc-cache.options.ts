import type { CacheManagerOptions } from '@nestjs/cache-manager';
import type { OhlcProvider } from '@app/market-data';
import type { CacheObserver } from './cache-observer.port';
import type { InvalidationBus } from './invalidation-bus.port';

/** A Keyv store of strings (the adapter shape Keyv and cache-manager take), shared by instances. */
export interface SharedL1Store {
  get(key: string): Promise<string | undefined>;
  getMany(keys: string[]): Promise<(string | undefined)[]>;
  set(key: string, value: string): Promise<boolean>;
  delete(key: string): Promise<boolean>;
  clear(): Promise<void>;
}

export interface L1Options {
  /**
   * Most bytes of heap the default L1 store's entries take, in bytes, before
   * it evicts the least recently used: the candles' columns (56 bytes a
   * candle, 8 more per optional column in use) plus a fixed cost per entry
   * and its key. Default 268 435 456 (256 MiB). Ignored when `stores` is given.
   */
  readonly maxBytes?: number;
  /**
   * Most entries the default L1 store holds, a second bound beside `maxBytes`
   * (whichever binds first). An entry is one UTC day of one intraday series
   * (at most 390 candles) or one UTC year of one daily series (at most 253).
   * Default 10 000. Ignored when `stores` is given.
   */
  readonly maxEntries?: number;
  /**
   * Most series, and most tickers, whose bookkeeping this instance keeps: the
   * version of each series' L1 writes and fetches, each ticker's invalidation
   * generation. Past it the least recently used half is dropped, which costs
   * a reread at most and can never let a stale answer through
   * (docs/architecture.md#bounded-bookkeeping). Default: `maxEntries`
   * (10 000), since L1 holds no more series than entries, and at least 1 000.
   */
  readonly maxTrackedSeries?: number;
  /**
   * cache-manager stores for L1, exactly as `@nestjs/cache-manager`'s
   * `CacheModule` takes them (a `Keyv`, a Keyv store adapter, or a list).
   * Default: one in-memory LRU store bounded by `maxBytes` and `maxEntries`.
   * A store that serialises (Redis, ...) writes each entry as plain JSON
   * candles and costs a copy and a rebuild per hit.
   */
  readonly stores?: CacheManagerOptions['stores'];
  /**
   * A second L1 tier that every instance shares (a Redis store in this
   * service), behind the default in-memory store: a process miss reads it
   * before L2, and what it finds is copied into the process tier. Entries
   * are written in a compact binary form of the candles; the store itself
   * bounds them (Redis's `maxmemory`). Ignored when `stores` is given.
   */
  readonly shared?: SharedL1Store;
  /**
   * How long this instance trusts its copy of a ticker's invalidation
   * generation before reading it from L2 again, in milliseconds: the longest
   * another instance's L1 may go on serving a ticker after an invalidation
   * (docs/architecture.md#invalidation). Default 5 000.
   */
  readonly invalidationCheckMs?: number;
}

export interface L2Options {
  /**
   * `embedded`: a DynamoDB-compatible server started in this process (the
   * table is always created). `dynamodb`: AWS, or `endpoint` when set.
   */
  readonly backend: 'embedded' | 'dynamodb';
  /** Table name, e.g. `prod-ohlc-cache`. */
  readonly tableName: string;
  /** `embedded` only: directory that keeps the data across restarts; in memory when absent. */
  readonly embeddedPath?: string;
  /** `dynamodb` only: endpoint URL (DynamoDB Local, a proxy); AWS when absent. */
  readonly endpoint?: string;
  /** AWS region; the SDK's default chain when absent (`us-east-1` for local endpoints). */
  readonly region?: string;
  /** `dynamodb` only: create the table at start when missing instead of failing. Default false. */
  readonly createTable?: boolean;
  /** Retry bounds for unprocessed batch items (attempts, and delays in milliseconds). */
  readonly backoff?: Partial<BackoffPolicy>;
  /**
   * How long a fetch lease holds unless renewed, in milliseconds: its holder
   * renews it every third of that while it fetches, so a crashed holder
   * delays other instances by at most this. Default 6 000.
   */
  readonly leaseMs?: number;
  /**
   * This instance's name across restarts, in its fetch leases: a restarted
   * instance takes over at once the leases its previous run died holding.
   * Must be unique among the instances sharing a table (two with one name
   * would take each other's leases): a pod or container name, not a host
   * name that several processes share. Default: none (a restarted instance
   * then waits for its old leases to expire, at most `leaseMs`).
   */
  readonly instanceId?: string;
  /**
   * Timeout of one DynamoDB request in milliseconds (connecting included), so
   * that no request hangs on an unresponsive L2. Default 3 000.
   */
  readonly timeoutMs?: number;
  /** Attempts the DynamoDB client makes per request, the first included (a count). Default 3. */
  readonly maxAttempts?: number;
  /**
   * The queue of write-throughs L2 refused, replayed until it accepts them
   * (units in `WriteReplayOptions`; fields left out keep `DEFAULT_WRITE_REPLAY`).
   */
  readonly replay?: Partial<WriteReplayOptions>;
}

export interface OhlcCacheModuleOptions {
  /** The upstream behind both layers; bind your own to swap adapters. */
  readonly provider: OhlcProvider;
  /**
   * Tried in order when the primary cannot serve a range (unreachable, rate
   * limited, rejecting its key, or lacking the resolution). Each provider's
   * candles are cached under its own name.
   */
  readonly fallbacks?: readonly OhlcProvider[];
  readonly l1?: L1Options;
  readonly l2: L2Options;
  /**
   * Longest time one request's fetch from a provider may take, every call and
   * retry included, in milliseconds. When it passes the calls stop and what
   * was fetched so far is stored and served, marked partial. Default 30 000.
   */
  readonly upstreamDeadlineMs?: number;
  /**
   * One circuit breaker per provider (units in `CircuitBreakerOptions`; fields
   * left out keep `DEFAULT_CIRCUIT_BREAKER`).
   */
  readonly breaker?: Partial<CircuitBreakerOptions>;
  /** Bounds on fetches from upstream (units in `FillAdmissionOptions`). */
  readonly fills?: FillAdmissionOptions;
  /** How often what can still change, but is not forming, is asked for again (units in `RefreshOptions`). */
  readonly refresh?: RefreshOptions;
  /** Receives the cache's hits, misses and L2 latencies (for metrics); observes nothing when absent. */
  readonly observer?: CacheObserver;
  /**
   * Tells every instance of an invalidation at once (docs/architecture.md#invalidation);
   * without it other instances learn it at their next check (`l1.invalidationCheckMs`).
   */
  readonly invalidationBus?: InvalidationBus;
}

/**
 * How much upstream work this instance starts at once, and how much of it
 * one client may cause (docs/architecture.md#bounded-cold-work). A request
 * that joins a fetch already running costs nothing; a query without a
 * `client` is held to `maxConcurrent` only.
 */
export interface FillAdmissionOptions {
  /** Most fetches from upstream (fills) this instance runs at once. Default 8. */
  readonly maxConcurrent?: number;
  /** Most fills one client's requests run at once, abandoned ones included. Default half of `maxConcurrent`. */
  readonly maxPerClient?: number;
  /** Most fills one client may start per minute. Default 120. */
  readonly maxPerClientPerMinute?: number;
  /**
   * Share of each provider's budget (`OhlcProvider.budget`, every window) one
   * client's fills may start, from 0 to 1: each fill makes at least one
   * call, so no client spends more while others wait. Default 0.5.
   */
  readonly maxClientBudgetShare?: number;
}

/**
 * Freshness windows (docs/architecture.md#freshness-windows): within them a
 * series' not-yet-final data, and a ticker's corporate actions, are served
 * from the layers; past them the first request asks upstream again, once for
 * every instance sharing L2.
 */
export interface RefreshOptions {
  /**
   * A ticker's corporate actions (splits, dividends) are asked of a provider's
   * feed at most once this often, in milliseconds. Default 21 600 000 (6 h).
   */
  readonly corporateActionsMs?: number;
  /**
   * A series' closed but unsettled candles, and the daily rows behind an
   * adjusted view (today's forming one included), are asked for at most once
   * this often, in milliseconds; 0 asks on every request. The forming candle
   * of the series asked for is still fetched on every request. Default
   * 900 000 (15 min).
   */
  readonly unsettledMs?: number;
}

/** Bounds for retrying the parts of a batch DynamoDB did not process. */
export interface BackoffPolicy {
  /** Total attempts including the first one. */
  readonly maxAttempts: number;
  /** Delay before the first retry, in milliseconds; doubles each retry. */
  readonly baseDelayMs: number;
  /** Upper bound of one delay, in milliseconds. */
  readonly maxDelayMs: number;
}

/** When a provider's circuit breaker opens and when it probes again. */
export interface CircuitBreakerOptions {
  /**
   * Failed calls in a row (each after the adapter's own retries) that open the
   * breaker: no call reaches the provider until it half-opens. A count.
   */
  readonly failures: number;
  /** How long the breaker stays open before one probe call is let through, in milliseconds. */
  readonly halfOpenAfterMs: number;
}

/** Bounds and pacing of the queue of L2 writes waiting for L2 to accept them. */
export interface WriteReplayOptions {
  /** Most candles the queue holds (a count); a write that would pass it is dropped and counted. */
  readonly maxCandles: number;
  /** Most bytes the queue holds (JSON size of the queued writes); likewise. */
  readonly maxBytes: number;
  /** Ceiling of the first retry's delay in milliseconds; doubles per failed retry (full jitter). */
  readonly baseDelayMs: number;
  /** Upper bound of one retry's delay in milliseconds. */
  readonly maxDelayMs: number;
  /** How long shutdown waits for the queue to drain, in milliseconds; what is left is logged as lost. */
  readonly drainTimeoutMs: number;
}
