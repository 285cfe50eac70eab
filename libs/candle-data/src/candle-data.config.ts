import {
  ALPACA_DEFAULT_BASE_URL,
  type AlpacaFeed,
  type BudgetWindow,
  FINNHUB_DEFAULT_BASE_URL,
  POLYGON_DEFAULT_BASE_URL,
  TIINGO_DEFAULT_BASE_URL,
} from '@app/market-data';
import {
  DEFAULT_CIRCUIT_BREAKER,
  DEFAULT_INVALIDATION_CHECK_MS,
  DEFAULT_L2_MAX_ATTEMPTS,
  DEFAULT_L2_TIMEOUT_MS,
  DEFAULT_MAX_CONCURRENT_FILLS,
  DEFAULT_MAX_FILLS_PER_CLIENT_PER_MINUTE,
  DEFAULT_REFRESH,
  DEFAULT_UPSTREAM_DEADLINE_MS,
  DEFAULT_WRITE_REPLAY,
  type CircuitBreakerOptions,
  type FillAdmissionOptions,
  type RefreshOptions,
  type WriteReplayOptions,
} from '@app/ohlc-cache';
import { DEFAULT_COMMAND_TIMEOUT_MS } from '@app/shared-state';
import { budget, flag, integer, list, nonEmpty, oneOf, type Env } from './env-reader';

export const PROVIDER_NAMES = ['tiingo', 'finnhub', 'polygon', 'alpaca', 'demo'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface UpstreamConfig {
  readonly apiKey?: string;
  readonly baseUrl: string;
  /** Client-side request budget; the adapter's default (its lowest documented plan) when absent. */
  readonly limits?: BudgetWindow[];
}

/** Alpaca's key is a pair: `apiKey` is the key id. */
export interface AlpacaConfig extends UpstreamConfig {
  readonly secretKey?: string;
  /** `iex` (the free plan's exchange) or `sip` (every venue; recent data needs the paid plan). */
  readonly feed: AlpacaFeed;
}

/**
 * Where candles come from and where they are kept: the settings every entry
 * point (API, CLI) shares, read once from the environment (every variable is
 * in the README's Configuration table).
 */
export interface CandleDataConfig {
  readonly l2Backend: 'embedded' | 'dynamodb';
  readonly embeddedDynamoDbPath: string;
  readonly dynamoDbEndpoint?: string;
  readonly awsRegion?: string;
  readonly tableName: string;
  readonly createTable: boolean;
  /** Most bytes of L1 candles (see `L1Options.maxBytes`). */
  readonly l1MaxBytes: number;
  /** Most L1 entries (see `L1Options.maxEntries`), a second bound beside the bytes. */
  readonly l1MaxEntries: number;
  /** How long a ticker's invalidation generation is trusted before L2 is asked again, ms. */
  readonly invalidationCheckMs: number;
  /** How long a fetch lease holds unless renewed, in milliseconds (see `L2Options.leaseMs`). */
  readonly fetchLeaseMs: number;
  /** This instance's name across restarts (see `L2Options.instanceId`). */
  readonly instanceId?: string;
  readonly provider: ProviderName;
  /** Tried in order when the primary provider cannot serve a range. */
  readonly fallbacks: ProviderName[];
  readonly tiingo: UpstreamConfig;
  readonly finnhub: UpstreamConfig;
  readonly polygon: UpstreamConfig;
  readonly alpaca: AlpacaConfig;
  /** Per-request timeout of the HTTP adapters, in milliseconds. */
  readonly upstreamTimeoutMs: number;
  /** Simulated latency of the demo provider, in milliseconds. */
  readonly demoLatencyMs: number;
  /** `YYYY-MM-DD` closures and early closes announced after this build. */
  readonly extraClosures: string[];
  readonly extraEarlyCloses: string[];
  /** Timeout of one DynamoDB request in milliseconds, and attempts per request (see `L2Options`). */
  readonly l2TimeoutMs: number;
  readonly l2MaxAttempts: number;
  /** The queue of refused L2 writes (units in `WriteReplayOptions`). */
  readonly replay: WriteReplayOptions;
  /** Circuit breaker per provider (units in `CircuitBreakerOptions`). */
  readonly breaker: CircuitBreakerOptions;
  /** Longest a request's fetch from one provider may take, in milliseconds. */
  readonly upstreamDeadlineMs: number;
  /** Bounds on fetches from upstream, at once and per client (see `FillAdmissionOptions`). */
  readonly fills: Required<FillAdmissionOptions>;
  /** The state a fleet shares (throttling, invalidations, the shared L1 tier); none when absent. */
  readonly sharedState?: {
    /** `redis://` URL of a Redis-protocol server. */
    readonly url: string;
    /** Longest one command may take before the feature falls back, in milliseconds. */
    readonly commandTimeoutMs: number;
    /** Whether L1 gets a second tier on the server, shared by every instance. */
    readonly l1Tier: boolean;
  };
  /** Freshness windows of corporate actions and unsettled candles, ms (see `RefreshOptions`). */
  readonly refresh: Required<RefreshOptions>;
}

/** Reads and checks the environment; a bad value stops the start with a message naming it. */
export function loadCandleDataConfig(env: Env): CandleDataConfig {
  const tiingoKey = nonEmpty(env.TIINGO_API_KEY);
  const finnhubKey = nonEmpty(env.FINNHUB_API_KEY);
  const polygonKey = nonEmpty(env.POLYGON_API_KEY);
  const alpacaKeyId = nonEmpty(env.ALPACA_API_KEY_ID);
  const alpacaSecret = nonEmpty(env.ALPACA_API_SECRET_KEY);
  /** The variables each provider needs, and whether they are all set. */
  const credentials: Record<ProviderName, { readonly needs: string; readonly set: boolean }> = {
    tiingo: { needs: 'TIINGO_API_KEY', set: !!tiingoKey },
    finnhub: { needs: 'FINNHUB_API_KEY', set: !!finnhubKey },
    polygon: { needs: 'POLYGON_API_KEY', set: !!polygonKey },
    alpaca: {
      needs: 'ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY',
      set: !!(alpacaKeyId && alpacaSecret),
    },
    demo: { needs: 'nothing', set: true },
  };
  const provider = oneOf(
    env,
    'OHLC_PROVIDER',
    PROVIDER_NAMES,
    PROVIDER_NAMES.find((name) => credentials[name].set) ?? 'demo',
  );
  const fallbacks = list(env.OHLC_PROVIDER_FALLBACKS).map((name) =>
    oneOf({ OHLC_PROVIDER_FALLBACKS: name }, 'OHLC_PROVIDER_FALLBACKS', PROVIDER_NAMES, 'demo'),
  );
  for (const name of [provider, ...fallbacks]) {
    if (!credentials[name].set)
      throw new Error(`Provider ${name} needs ${credentials[name].needs}`);
  }
  return {
    l2Backend: oneOf(env, 'L2_BACKEND', ['embedded', 'dynamodb'] as const, 'embedded'),
    embeddedDynamoDbPath: nonEmpty(env.EMBEDDED_DYNAMODB_PATH) ?? './data/dynamodb',
    dynamoDbEndpoint: nonEmpty(env.DYNAMODB_ENDPOINT),
    awsRegion: nonEmpty(env.AWS_REGION),
    tableName: nonEmpty(env.OHLC_CACHE_TABLE) ?? 'local-ohlc-cache',
    createTable: flag(env, 'OHLC_CACHE_CREATE_TABLE', false),
    l1MaxBytes: integer(env, 'L1_MAX_BYTES', 256 * 2 ** 20),
    l1MaxEntries: integer(env, 'L1_MAX_ENTRIES', 10_000),
    invalidationCheckMs: integer(env, 'L1_INVALIDATION_CHECK_MS', DEFAULT_INVALIDATION_CHECK_MS, 1),
    fetchLeaseMs: integer(env, 'FETCH_LEASE_MS', 6_000, 3),
    instanceId: nonEmpty(env.INSTANCE_ID),
    provider,
    fallbacks: fallbacks.filter((name) => name !== provider),
    tiingo: {
      apiKey: tiingoKey,
      baseUrl: nonEmpty(env.TIINGO_BASE_URL) ?? TIINGO_DEFAULT_BASE_URL,
      limits: budget(env, 'TIINGO_RATE_LIMITS'),
    },
    finnhub: {
      apiKey: finnhubKey,
      baseUrl: nonEmpty(env.FINNHUB_BASE_URL) ?? FINNHUB_DEFAULT_BASE_URL,
      limits: budget(env, 'FINNHUB_RATE_LIMITS'),
    },
    polygon: {
      apiKey: polygonKey,
      baseUrl: nonEmpty(env.POLYGON_BASE_URL) ?? POLYGON_DEFAULT_BASE_URL,
      limits: budget(env, 'POLYGON_RATE_LIMITS'),
    },
    alpaca: {
      apiKey: alpacaKeyId,
      secretKey: alpacaSecret,
      baseUrl: nonEmpty(env.ALPACA_BASE_URL) ?? ALPACA_DEFAULT_BASE_URL,
      limits: budget(env, 'ALPACA_RATE_LIMITS'),
      feed: oneOf(env, 'ALPACA_FEED', ['iex', 'sip'] as const, 'iex'),
    },
    upstreamTimeoutMs: integer(env, 'UPSTREAM_TIMEOUT_MS', 10_000),
    demoLatencyMs: integer(env, 'DEMO_LATENCY_MS', 400),
    extraClosures: list(env.MARKET_EXTRA_CLOSURES),
    extraEarlyCloses: list(env.MARKET_EXTRA_EARLY_CLOSES),
    l2TimeoutMs: integer(env, 'L2_TIMEOUT_MS', DEFAULT_L2_TIMEOUT_MS, 1),
    l2MaxAttempts: integer(env, 'L2_MAX_ATTEMPTS', DEFAULT_L2_MAX_ATTEMPTS, 1),
    replay: {
      maxCandles: integer(env, 'L2_REPLAY_MAX_CANDLES', DEFAULT_WRITE_REPLAY.maxCandles),
      maxBytes: integer(env, 'L2_REPLAY_MAX_BYTES', DEFAULT_WRITE_REPLAY.maxBytes),
      baseDelayMs: integer(env, 'L2_REPLAY_BASE_DELAY_MS', DEFAULT_WRITE_REPLAY.baseDelayMs, 1),
      maxDelayMs: integer(env, 'L2_REPLAY_MAX_DELAY_MS', DEFAULT_WRITE_REPLAY.maxDelayMs, 1),
      drainTimeoutMs: integer(env, 'L2_REPLAY_DRAIN_MS', DEFAULT_WRITE_REPLAY.drainTimeoutMs),
    },
    breaker: {
      failures: integer(env, 'UPSTREAM_BREAKER_FAILURES', DEFAULT_CIRCUIT_BREAKER.failures, 1),
      halfOpenAfterMs: integer(
        env,
        'UPSTREAM_BREAKER_HALF_OPEN_MS',
        DEFAULT_CIRCUIT_BREAKER.halfOpenAfterMs,
      ),
    },
    upstreamDeadlineMs: integer(env, 'UPSTREAM_DEADLINE_MS', DEFAULT_UPSTREAM_DEADLINE_MS, 1),
    fills: fillBounds(env),
    sharedState: sharedStateOf(env),
    refresh: {
      corporateActionsMs: integer(
        env,
        'CORPORATE_ACTIONS_REFRESH_MS',
        DEFAULT_REFRESH.corporateActionsMs,
        1,
      ),
      unsettledMs: integer(env, 'UNSETTLED_REFRESH_MS', DEFAULT_REFRESH.unsettledMs),
    },
  };
}

function sharedStateOf(env: Env): CandleDataConfig['sharedState'] {
  const url = nonEmpty(env.REDIS_URL);
  const commandTimeoutMs = integer(env, 'REDIS_COMMAND_TIMEOUT_MS', DEFAULT_COMMAND_TIMEOUT_MS, 1);
  const l1Tier = flag(env, 'L1_SHARED', false);
  if (!url) {
    if (l1Tier) throw new Error('L1_SHARED=true needs REDIS_URL');
    return undefined;
  }
  if (!/^rediss?:\/\//.test(url))
    throw new Error('REDIS_URL must start with redis:// or rediss://');
  return { url, commandTimeoutMs, l1Tier };
}
/** No client above half of the instance's fills by default, so others always find room. */
function fillBounds(env: Env): Required<FillAdmissionOptions> {
  const maxConcurrent = integer(env, 'FILL_MAX_CONCURRENT', DEFAULT_MAX_CONCURRENT_FILLS, 1);
  return {
    maxConcurrent,
    maxPerClient: integer(
      env,
      'FILL_MAX_PER_CLIENT',
      Math.max(1, Math.floor(maxConcurrent / 2)),
      1,
    ),
    maxPerClientPerMinute: integer(
      env,
      'FILL_MAX_PER_CLIENT_PER_MINUTE',
      DEFAULT_MAX_FILLS_PER_CLIENT_PER_MINUTE,
      1,
    ),
    maxClientBudgetShare:
      Math.min(100, integer(env, 'FILL_MAX_CLIENT_BUDGET_PERCENT', 50, 1)) / 100,
  };
}
