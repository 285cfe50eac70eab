// Read-path benchmark: the built API over real HTTP on 127.0.0.1, demo
// provider with its simulated upstream latency, embedded L2 in a temp dir.
// Measures the same requests served live (the baseline), from L2 after a
// restart, and from L1, and prints each layer's latency as a ratio of live.
// Bounded: a fixed number of requests, then the server is stopped.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOG', 'META', 'TSLA', 'AMD', 'NFLX', 'INTC'];
const QUERIES = ['range=1M&resolution=5', 'range=1Y&resolution=D', 'range=1W&resolution=1'];
const WARM_ROUNDS = 20;
const LATENCY_MS = process.env.DEMO_LATENCY_MS ?? '400';

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startApi(port, dataDir) {
  const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_DYNAMODB_PATH: dataDir,
      DEMO_LATENCY_MS: LATENCY_MS,
      OHLC_PROVIDER: 'demo',
      TIINGO_API_KEY: '',
      FINNHUB_API_KEY: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      await fetch(`http://127.0.0.1:${port}/api/v2/tickers/ZZZZ/ohlc?resolution=bad`);
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  child.kill();
  throw new Error('API did not start within 30 s');
}

async function stopApi(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function timed(port, ticker, query) {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/v2/tickers/${ticker}/ohlc?${query}`);
  const body = await res.json();
  const ms = performance.now() - t0;
  if (res.status !== 200)
    throw new Error(`${ticker}?${query}: ${res.status} ${JSON.stringify(body)}`);
  return { ms, layer: res.headers.get('x-cache-source'), count: body.count };
}

const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

function summary(name, samples, baseline) {
  const ms = samples.map((s) => s.ms);
  const layers = [...new Set(samples.map((s) => s.layer))].join(',');
  const median = pct(ms, 0.5);
  const ratio = baseline ? (median / baseline).toFixed(4) : '1.0000';
  console.log(
    `${name.padEnd(22)} n=${String(ms.length).padStart(4)}  median ${median.toFixed(2).padStart(8)} ms  ` +
      `p95 ${pct(ms, 0.95).toFixed(2).padStart(8)} ms  ratio vs live ${ratio}  (${layers})`,
  );
  return median;
}

const dataDir = mkdtempSync(join(tmpdir(), 'ohlc-bench-'));
const port = await freePort();
try {
  let api = await startApi(port, dataDir);
  const live = [];
  for (const t of TICKERS) for (const q of QUERIES) live.push(await timed(port, t, q));
  const l1 = [];
  for (let i = 0; i < WARM_ROUNDS; i++) {
    for (const t of TICKERS) for (const q of QUERIES) l1.push(await timed(port, t, q));
  }
  await stopApi(api);

  api = await startApi(port, dataDir);
  const l2 = [];
  for (const t of TICKERS) for (const q of QUERIES) l2.push(await timed(port, t, q));
  await stopApi(api);

  console.log(
    `Read path, demo upstream latency ${LATENCY_MS} ms, ${TICKERS.length} tickers x ${QUERIES.length} queries`,
  );
  const baseline = summary('live-api (baseline)', live);
  summary('persistent-cache (L2)', l2, baseline);
  summary('in-memory (L1)', l1, baseline);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
