/** Settings of the API process (spec section 6), read once from the environment. */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly l2Backend: 'embedded' | 'dynamodb';
  readonly embeddedDynamoDbPath: string;
  readonly dynamoDbEndpoint?: string;
  readonly awsRegion?: string;
  readonly tableName: string;
  readonly createTable: boolean;
  /** Most L1 entries (see `L1Options.maxEntries`). */
  readonly l1MaxEntries: number;
  readonly provider: 'tiingo' | 'finnhub' | 'demo';
  readonly tiingo: { readonly apiKey?: string; readonly baseUrl: string };
  readonly finnhub: { readonly apiKey?: string; readonly baseUrl: string };
  /** Simulated latency of the demo provider, in milliseconds. */
  readonly demoLatencyMs: number;
  /** Browser origins allowed to call the API; none when empty. */
  readonly corsOrigins: string[];
  /** `YYYY-MM-DD` closures and early closes announced after this build. */
  readonly extraClosures: string[];
  readonly extraEarlyCloses: string[];
}
export const APP_CONFIG = Symbol('AppConfig');

type Env = Record<string, string | undefined>;

/** Reads and checks the environment; a bad value stops the start with a message naming it. */
export function loadAppConfig(env: Env): AppConfig {
  const tiingoKey = nonEmpty(env.TIINGO_API_KEY);
  const finnhubKey = nonEmpty(env.FINNHUB_API_KEY);
  const provider = oneOf(
    env,
    'OHLC_PROVIDER',
    ['tiingo', 'finnhub', 'demo'] as const,
    tiingoKey ? 'tiingo' : finnhubKey ? 'finnhub' : 'demo',
  );
  if (provider === 'tiingo' && !tiingoKey)
    throw new Error('OHLC_PROVIDER=tiingo needs TIINGO_API_KEY');
  if (provider === 'finnhub' && !finnhubKey) {
    throw new Error('OHLC_PROVIDER=finnhub needs FINNHUB_API_KEY');
  }
  return {
    port: integer(env, 'PORT', 3000),
    host: nonEmpty(env.HOST) ?? '127.0.0.1',
    l2Backend: oneOf(env, 'L2_BACKEND', ['embedded', 'dynamodb'] as const, 'embedded'),
    embeddedDynamoDbPath: nonEmpty(env.EMBEDDED_DYNAMODB_PATH) ?? './data/dynamodb',
    dynamoDbEndpoint: nonEmpty(env.DYNAMODB_ENDPOINT),
    awsRegion: nonEmpty(env.AWS_REGION),
    tableName: nonEmpty(env.OHLC_CACHE_TABLE) ?? 'local-ohlc-cache',
    createTable:
      oneOf(env, 'OHLC_CACHE_CREATE_TABLE', ['true', 'false'] as const, 'false') === 'true',
    l1MaxEntries: integer(env, 'L1_MAX_ENTRIES', 10_000),
    provider,
    tiingo: {
      apiKey: tiingoKey,
      baseUrl: nonEmpty(env.TIINGO_BASE_URL) ?? 'https://api.tiingo.com',
    },
    finnhub: {
      apiKey: finnhubKey,
      baseUrl: nonEmpty(env.FINNHUB_BASE_URL) ?? 'https://finnhub.io/api/v1',
    },
    demoLatencyMs: integer(env, 'DEMO_LATENCY_MS', 400),
    corsOrigins: list(env.CORS_ORIGINS),
    extraClosures: list(env.MARKET_EXTRA_CLOSURES),
    extraEarlyCloses: list(env.MARKET_EXTRA_EARLY_CLOSES),
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

function integer(env: Env, name: string, fallback: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a whole number >= 0, got "${raw}"`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = nonEmpty(env[name])?.toLowerCase();
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}
