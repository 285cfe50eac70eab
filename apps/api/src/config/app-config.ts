import type { BudgetWindow } from '@app/market-data';
import { parseApiKeys, type ApiKey } from '../auth/api-key-list';
import {
  DEFAULT_CIRCUIT_BREAKER,
  DEFAULT_L2_MAX_ATTEMPTS,
  DEFAULT_L2_TIMEOUT_MS,
  DEFAULT_UPSTREAM_DEADLINE_MS,
  DEFAULT_WRITE_REPLAY,
  DEFAULT_MAX_CONCURRENT_FILLS,
  DEFAULT_MAX_FILLS_PER_CLIENT_PER_MINUTE,
  type CircuitBreakerOptions,
  type FillAdmissionOptions,
  type WriteReplayOptions,
} from '@app/ohlc-cache';

/** Settings of the API process (every variable is in the README's Configuration table), read once from the environment. */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** Longest a client may take to send a whole request, in milliseconds; then 408 and closed. */
  readonly httpRequestTimeoutMs: number;
  /** Longest a connection may stay idle, in milliseconds. */
  readonly httpIdleTimeoutMs: number;
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
  /** Most bytes of finished responses kept for reuse; 0 keeps none. */
  readonly responseCacheMaxBytes: number;
  /** How long a fetch lease holds unless renewed, in milliseconds (see `L2Options.leaseMs`). */
  readonly fetchLeaseMs: number;
  /** This instance's name across restarts (see `L2Options.instanceId`). */
  readonly instanceId?: string;
  readonly provider: ProviderName;
  /** Tried in order when the primary provider cannot serve a range. */
  readonly fallbacks: ProviderName[];
  readonly tiingo: UpstreamConfig;
  readonly finnhub: UpstreamConfig;
  /** Per-request timeout of the HTTP adapters, in milliseconds. */
  readonly upstreamTimeoutMs: number;
  /** Simulated latency of the demo provider, in milliseconds. */
  readonly demoLatencyMs: number;
  /** Browser origins allowed to call the API with credentials; none when empty. */
  readonly corsOrigins: string[];
  /** Keys accepted in `Authorization: Bearer`; none: every route is open (loopback only, or `authDisabled`). */
  readonly apiKeys: ApiKey[];
  /** Authentication switched off explicitly, whatever `apiKeys` holds. */
  readonly authDisabled: boolean;
  /** Whether `/metrics` is served without a key (scrapers rarely carry one); else it needs an admin key. */
  readonly metricsPublic: boolean;
  /** Requests one client (API key, else address) may make per minute, per instance. */
  readonly rateLimitPerMinute: number;
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
  /** Least severe log level written (pino's). */
  readonly logLevel: LogLevel;
}
export const APP_CONFIG = Symbol('AppConfig');

export const PROVIDER_NAMES = ['tiingo', 'finnhub', 'demo'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface UpstreamConfig {
  readonly apiKey?: string;
  readonly baseUrl: string;
  /** Client-side request budget; the adapter's default (its lowest documented plan) when absent. */
  readonly limits?: BudgetWindow[];
}

type Env = Record<string, string | undefined>;

/** Reads and checks the environment; a bad value stops the start with a message naming it. */
export function loadAppConfig(env: Env): AppConfig {
  const tiingoKey = nonEmpty(env.TIINGO_API_KEY);
  const finnhubKey = nonEmpty(env.FINNHUB_API_KEY);
  const provider = oneOf(
    env,
    'OHLC_PROVIDER',
    PROVIDER_NAMES,
    tiingoKey ? 'tiingo' : finnhubKey ? 'finnhub' : 'demo',
  );
  const fallbacks = list(env.OHLC_PROVIDER_FALLBACKS).map((name) =>
    oneOf({ OHLC_PROVIDER_FALLBACKS: name }, 'OHLC_PROVIDER_FALLBACKS', PROVIDER_NAMES, 'demo'),
  );
  const keys: Record<ProviderName, string | undefined> = {
    tiingo: tiingoKey,
    finnhub: finnhubKey,
    demo: 'none needed',
  };
  for (const name of [provider, ...fallbacks]) {
    if (!keys[name]) throw new Error(`Provider ${name} needs ${name.toUpperCase()}_API_KEY`);
  }
  const host = nonEmpty(env.HOST) ?? '127.0.0.1';
  const apiKeys = parseApiKeys(env.API_KEYS);
  const authDisabled = oneOf(env, 'AUTH_DISABLED', ['true', 'false'] as const, 'false') === 'true';
  if (apiKeys.length === 0 && !authDisabled && !isLoopback(host)) {
    throw new Error(
      `Refusing to start: HOST=${host} accepts connections from other machines and API_KEYS is ` +
        'empty, so anyone could call every route and spend the upstream quota. Set API_KEYS ' +
        '(comma-separated name:role:secret) or, to run without authentication, AUTH_DISABLED=true.',
    );
  }
  return {
    port: integer(env, 'PORT', 3000),
    host,
    httpRequestTimeoutMs: integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 10_000, 1),
    httpIdleTimeoutMs: integer(env, 'HTTP_IDLE_TIMEOUT_MS', 60_000, 1),
    l2Backend: oneOf(env, 'L2_BACKEND', ['embedded', 'dynamodb'] as const, 'embedded'),
    embeddedDynamoDbPath: nonEmpty(env.EMBEDDED_DYNAMODB_PATH) ?? './data/dynamodb',
    dynamoDbEndpoint: nonEmpty(env.DYNAMODB_ENDPOINT),
    awsRegion: nonEmpty(env.AWS_REGION),
    tableName: nonEmpty(env.OHLC_CACHE_TABLE) ?? 'local-ohlc-cache',
    createTable:
      oneOf(env, 'OHLC_CACHE_CREATE_TABLE', ['true', 'false'] as const, 'false') === 'true',
    l1MaxBytes: integer(env, 'L1_MAX_BYTES', 256 * 2 ** 20),
    l1MaxEntries: integer(env, 'L1_MAX_ENTRIES', 10_000),
    responseCacheMaxBytes: integer(env, 'RESPONSE_CACHE_MAX_BYTES', 64 * 2 ** 20),
    fetchLeaseMs: integer(env, 'FETCH_LEASE_MS', 6_000, 3),
    instanceId: nonEmpty(env.INSTANCE_ID),
    provider,
    fallbacks: fallbacks.filter((name) => name !== provider),
    tiingo: {
      apiKey: tiingoKey,
      baseUrl: nonEmpty(env.TIINGO_BASE_URL) ?? 'https://api.tiingo.com',
      limits: budget(env, 'TIINGO_RATE_LIMITS'),
    },
    finnhub: {
      apiKey: finnhubKey,
      baseUrl: nonEmpty(env.FINNHUB_BASE_URL) ?? 'https://finnhub.io/api/v1',
      limits: budget(env, 'FINNHUB_RATE_LIMITS'),
    },
    upstreamTimeoutMs: integer(env, 'UPSTREAM_TIMEOUT_MS', 10_000),
    demoLatencyMs: integer(env, 'DEMO_LATENCY_MS', 400),
    corsOrigins: list(env.CORS_ORIGINS),
    apiKeys,
    authDisabled,
    metricsPublic: oneOf(env, 'METRICS_PUBLIC', ['true', 'false'] as const, 'true') === 'true',
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1),
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
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
  };
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

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const WINDOW_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `50/h,1000/d`: at most 50 requests per hour and 1000 per day. */
function budget(env: Env, name: string): BudgetWindow[] | undefined {
  const windows = list(env[name]);
  if (windows.length === 0) return undefined;
  return windows.map((w) => {
    const match = /^(\d+)\/(s|m|h|d)$/.exec(w);
    if (!match || Number(match[1]) < 1) {
      throw new Error(`${name} must look like "50/h,1000/d" (count per s, m, h or d), got "${w}"`);
    }
    return { limit: Number(match[1]), windowMs: WINDOW_MS[match[2]] };
  });
}

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be a whole number >= ${min}, got "${raw}"`);
  return n;
}

/** Only this machine can connect: `127.0.0.0/8`, `::1` or `localhost`. */
export function isLoopback(host: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = nonEmpty(env[name])?.toLowerCase();
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}
