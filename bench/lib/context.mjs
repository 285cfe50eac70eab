// What every scenario shares: the run's size, the API key the API is started
// with, the requests and their window, and how to start and ask the API.
import { randomBytes } from 'node:crypto';
import { Buffer } from 'node:buffer';

export const QUICK = process.argv.includes('--quick');
/** `--only name[,name]`: just those scenarios (the report then holds just them). */
export const ONLY = process.argv.includes('--only')
  ? process.argv[process.argv.indexOf('--only') + 1].split(',')
  : undefined;
export const CFG = QUICK
  ? { rounds: 2, seconds: 1, l2PerRound: 6, coldRounds: 1, fill: 100, perCandle: 40, warm: 50 }
  : { rounds: 3, seconds: 3, l2PerRound: 12, coldRounds: 3, fill: 500, perCandle: 150, warm: 200 };

const SECRET = randomBytes(24).toString('base64url');
export const AUTH = { authorization: `Bearer ${SECRET}` };
export const TABLE = 'bench-ohlc-cache';

/** The last weekday before today in New York: every candle up to it is final. */
function lastWeekday() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
    new Date(),
  );
  let day = Date.parse(`${today}T00:00:00Z`) - 86_400_000;
  while ([0, 6].includes(new Date(day).getUTCDay())) day -= 86_400_000;
  return new Date(day).toISOString().slice(0, 10);
}
export const END = lastWeekday();
export const REQUESTS = {
  daily: `range=1M&resolution=D&end_date=${END}`,
  month5: `range=1M&resolution=5&end_date=${END}`,
};
export const ohlc = (ticker, query) => `/api/v2/tickers/${ticker}/ohlc?${query}`;

/** Distinct valid tickers: `prefix` and letters. */
export const ticker = (prefix, n) => {
  let s = '';
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return (prefix + s).slice(0, 5);
};

/** The API's environment: demo provider at 0 ms, API keys and throttling on, L2 on `dynalite`. */
export function apiEnv(dynalite, extra = {}) {
  return {
    OHLC_PROVIDER: 'demo',
    DEMO_LATENCY_MS: '0',
    TIINGO_API_KEY: '',
    FINNHUB_API_KEY: '',
    API_KEYS: `bench:user:${SECRET}`,
    // Active, and far above what the benchmark sends.
    RATE_LIMIT_PER_MINUTE: '100000000',
    // The one bench key stands for every user: fills of cold series are admitted as for many
    // clients (batches of 8, thousands a minute), or the per-client share would measure itself.
    FILL_MAX_PER_CLIENT: '8',
    FILL_MAX_PER_CLIENT_PER_MINUTE: '1000000',
    L2_BACKEND: 'dynamodb',
    DYNAMODB_ENDPOINT: dynalite.endpoint,
    OHLC_CACHE_TABLE: TABLE,
    OHLC_CACHE_CREATE_TABLE: 'true',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    ...extra,
  };
}

/** One request; throws unless it answers 200. */
export async function get(base, path, headers = AUTH) {
  const t0 = performance.now();
  const res = await fetch(base + path, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t0;
  if (res.status !== 200)
    throw new Error(`${path}: ${res.status} ${body.toString().slice(0, 200)}`);
  return { ms, res, body, source: res.headers.get('x-cache-source') };
}

/** Requests `paths` in concurrent batches of 8, a dashboard's worth at once: candles served. */
export async function getInBatches(base, paths) {
  let candles = 0;
  for (let i = 0; i < paths.length; i += 8) {
    const batch = await Promise.all(paths.slice(i, i + 8).map((path) => get(base, path)));
    for (const hit of batch) candles += JSON.parse(hit.body.toString()).count;
  }
  return candles;
}
