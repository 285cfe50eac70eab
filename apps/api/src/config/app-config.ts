import { flag, integer, list, nonEmpty, oneOf, type Env } from '@app/candle-data';
import { parseApiKeys, type ApiKey } from '../auth/api-key-list';

/**
 * Settings of the API's own edge (every variable is in the README's
 * Configuration table), read once from the environment. Where candles come
 * from and are kept is `CandleDataConfig`, shared with the CLI.
 */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** Longest a client may take to send a whole request, in milliseconds; then 408 and closed. */
  readonly httpRequestTimeoutMs: number;
  /** Longest a connection may stay idle, in milliseconds. */
  readonly httpIdleTimeoutMs: number;
  /** Most bytes of finished responses kept for reuse; 0 keeps none. */
  readonly responseCacheMaxBytes: number;
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
  /** Live candle streams (docs/api.md#live-candles): off where the entry point cannot stream. */
  readonly live: {
    readonly enabled: boolean;
    /** How often a watched series' forming candle is polled, ms. */
    readonly pollMs: number;
    /** Comment line sent on an idle stream, every this many ms. */
    readonly heartbeatMs: number;
    /** Open streams this instance serves at once, and one client (key, else address) may hold. */
    readonly maxStreams: number;
    readonly maxStreamsPerClient: number;
  };
  /** Least severe log level written (pino's). */
  readonly logLevel: LogLevel;
  /** JSON lines (what log pipelines read), or pino-pretty's lines in a worker thread (for a person). */
  readonly logFormat: LogFormat;
  /**
   * Bytes of JSON lines gathered before one write to standard output; 0 writes
   * each line as it is logged. Flushed at exit (`SIGTERM`/`SIGINT` included);
   * a process killed outright loses at most this much.
   */
  readonly logBufferBytes: number;
}
export const APP_CONFIG = Symbol('AppConfig');

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Reads and checks the environment; a bad value stops the start with a message naming it. */
export function loadAppConfig(env: Env): AppConfig {
  const host = nonEmpty(env.HOST) ?? '127.0.0.1';
  const apiKeys = parseApiKeys(env.API_KEYS);
  const authDisabled = flag(env, 'AUTH_DISABLED', false);
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
    responseCacheMaxBytes: integer(env, 'RESPONSE_CACHE_MAX_BYTES', 64 * 2 ** 20),
    corsOrigins: list(env.CORS_ORIGINS),
    apiKeys,
    authDisabled,
    metricsPublic: flag(env, 'METRICS_PUBLIC', true),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1),
    live: {
      enabled: flag(env, 'LIVE_STREAMS', true),
      pollMs: integer(env, 'LIVE_POLL_MS', 15_000, 100),
      heartbeatMs: integer(env, 'LIVE_HEARTBEAT_MS', 15_000, 100),
      maxStreams: integer(env, 'LIVE_MAX_STREAMS', 1_000, 1),
      maxStreamsPerClient: integer(env, 'LIVE_MAX_STREAMS_PER_CLIENT', 4, 1),
    },
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: oneOf(env, 'LOG_FORMAT', LOG_FORMATS, 'json'),
    logBufferBytes: integer(env, 'LOG_BUFFER_BYTES', 4096),
  };
}

/** Only this machine can connect: `127.0.0.0/8`, `::1` or `localhost`. */
export function isLoopback(host: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';
}
