// `npm run bench [-- --quick] [-- --only name,…]`: the read path's figures, each against a
// baseline measured in the same run. Starts what it needs on 127.0.0.1 (the
// built API with the demo provider at zero latency and API keys on, a dynalite
// L2 in its own process, a bare node:http server, a load client in its own
// process), runs a bounded number of requests in bounded time, stops them all,
// and writes bench/results/latest.md and latest.json. Exits non-zero only
// when a scenario could not run. Scenarios with a file of their own in
// bench/scenarios/ export `name`, `run(dynalite)` and `render(result)`.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { URLSearchParams } from 'node:url';
import { killAll, startApi, startDynalite, startLambda, startRedis } from './lib/processes.mjs';
import { machine, writeReport } from './lib/report.mjs';
import { median, percentile, spread } from './lib/stats.mjs';
import { chartSessions } from './lib/chart-sessions.mjs';
import { l2HitVsRaw, rawL2 } from './lib/raw-l2.mjs';
import { l1Hit, latency, startBareLike, throughput } from './lib/l1-baseline.mjs';
import {
  AUTH,
  CFG,
  END,
  ONLY,
  QUICK,
  REQUESTS,
  apiEnv,
  get,
  getInBatches,
  ohlc,
  ticker,
} from './lib/context.mjs';
import * as dynamoCost from './scenarios/dynamo-cost.mjs';
import * as growth from './scenarios/growth.mjs';
import * as liveWatchers from './scenarios/live-watchers.mjs';
/** Byte bounds of the fill scenario: small enough that 500 series overflow them. */
const FILL_BOUND = { l1: 16 * 2 ** 20, responses: 8 * 2 ** 20 };

/** Scenarios in files of their own, run after the ones below, in this order. */
const SCENARIO_MODULES = [growth, liveWatchers, dynamoCost];

// ---------------------------------------------------------------- scenarios

/**
 * The API as `npm start` runs it: `node dist/apps/api/src/main.js` at a terminal, in the
 * repository (its `.env`), no API keys, default settings but for a rate limit above the load
 * and the embedded store's directory (a new one, not the user's).
 */
async function startAsUsersDo() {
  const dir = mkdtempSync(join(tmpdir(), 'ohlc-bench-default-'));
  const api = await startApi(
    { RATE_LIMIT_PER_MINUTE: '100000000', EMBEDDED_DYNAMODB_PATH: dir },
    { terminal: true },
  );
  return {
    ...api,
    stop: () => api.stop().finally(() => rmSync(dir, { recursive: true, force: true })),
  };
}

/**
 * L1 hits vs bare node:http with the same bytes and headers: latency c=1, throughput c=10;
 * for the bench's API (`api`) and the one `npm start` runs.
 */
async function l1Hits(benchApi) {
  const defaultApi = await startAsUsersDo();
  try {
    return {
      ...(await l1HitsOf(benchApi, 'bench')),
      ...(await l1HitsOf(defaultApi, 'npm start')),
    };
  } finally {
    await defaultApi.stop();
  }
}

async function l1HitsOf(api, started) {
  const out = {};
  for (const [name, query] of Object.entries(REQUESTS)) {
    const path = ohlc('AAPL', query);
    const hit = await l1Hit(api.base, path);
    const bare = await startBareLike(hit, name);
    const rounds = [];
    try {
      for (let r = 0; r < CFG.rounds; r++) {
        const targets = r % 2 === 0 ? [api.base, bare.base] : [bare.base, api.base];
        const lat = {};
        const thr = {};
        for (const base of targets) lat[base] = await latency(base + path, name);
        for (const base of [...targets].reverse()) thr[base] = await throughput(base + path, name);
        rounds.push({
          apiP50us: lat[api.base].p50us,
          bareP50us: lat[bare.base].p50us,
          apiP99us: lat[api.base].p99us,
          bareP99us: lat[bare.base].p99us,
          apiRps: thr[api.base].rps,
          bareRps: thr[bare.base].rps,
        });
      }
    } finally {
      await bare.stop();
    }
    const body = JSON.parse(hit.body.toString());
    out[`${started}: ${name}`] = {
      started,
      path,
      candles: body.count,
      bytes: hit.body.length,
      rounds,
      latencyRatio: rounds.map((r) => r.apiP50us / r.bareP50us),
      throughputRatio: rounds.map((r) => r.apiRps / r.bareRps),
    };
  }
  return out;
}

/** L2 hits end to end (a restarted API, so L1 is empty) vs the raw reads of the same items. */
async function l2Hits(dynalite) {
  const tickers = Array.from({ length: CFG.rounds * CFG.l2PerRound }, (_, i) => ticker('L', i));
  let api = await startApi(apiEnv(dynalite));
  for (const t of tickers) for (const q of Object.values(REQUESTS)) await get(api.base, ohlc(t, q));
  await api.stop();
  api = await startApi(apiEnv(dynalite));
  const raw = rawL2(dynalite);
  const out = {};
  try {
    // One raw read first, so the SDK's connection and code are warm as the API's are.
    await raw.read(tickers[0], REQUESTS.daily);
    await get(api.base, ohlc('AAPL', REQUESTS.daily));
    for (const name of Object.keys(REQUESTS)) out[name] = { rounds: [], ratio: [] };
    for (let r = 0; r < CFG.rounds; r++) {
      const samples = Object.fromEntries(
        Object.keys(REQUESTS).map((n) => [n, { api: [], raw: [] }]),
      );
      for (const [i, t] of tickers.slice(r * CFG.l2PerRound, (r + 1) * CFG.l2PerRound).entries()) {
        for (const [name, query] of Object.entries(REQUESTS)) {
          const { apiMs, rawMs } = await l2HitVsRaw(api, raw, t, query, i % 2 === 0);
          samples[name].api.push(apiMs);
          samples[name].raw.push(rawMs);
        }
      }
      for (const [name, s] of Object.entries(samples)) {
        const round = { apiMs: median(s.api), rawMs: median(s.raw) };
        out[name].rounds.push(round);
        out[name].ratio.push(round.apiMs / round.rawMs);
      }
    }
  } finally {
    raw.close();
    await api.stop();
  }
  return out;
}

/**
 * The shared L1 tier (L1_SHARED on redis-server) against a process-L1 hit and an L2 hit, for
 * the same requests in the same run: one instance fills L2 and the shared tier; then, ticker by
 * ticker and interleaved, a fresh instance on the shared tier answers its first request from it
 * and its second from its own memory, while a fresh instance without it answers from L2.
 */
async function sharedTier(dynalite) {
  const redis = await startRedis();
  const shared = { REDIS_URL: redis.url, L1_SHARED: 'true' };
  const tickers = Array.from({ length: CFG.rounds * CFG.l2PerRound }, (_, i) => ticker('S', i));
  const out = {};
  try {
    const filler = await startApi(apiEnv(dynalite, shared));
    for (const t of tickers)
      for (const q of Object.values(REQUESTS)) await get(filler.base, ohlc(t, q));
    await filler.stop();
    const [tiered, plain] = await Promise.all([
      startApi(apiEnv(dynalite, shared)),
      startApi(apiEnv(dynalite)),
    ]);
    try {
      for (const name of Object.keys(REQUESTS)) out[name] = { rounds: [] };
      for (let r = 0; r < CFG.rounds; r++) {
        const samples = Object.fromEntries(
          Object.keys(REQUESTS).map((n) => [n, { shared: [], process: [], l2: [] }]),
        );
        for (const [i, t] of tickers
          .slice(r * CFG.l2PerRound, (r + 1) * CFG.l2PerRound)
          .entries()) {
          for (const [name, query] of Object.entries(REQUESTS)) {
            const path = ohlc(t, query);
            const fromShared = async () =>
              samples[name].shared.push((await get(tiered.base, path)).ms);
            const fromL2 = async () => {
              const hit = await get(plain.base, path);
              if (hit.source !== 'persistent-cache') throw new Error(`${t} ${name}: ${hit.source}`);
              samples[name].l2.push(hit.ms);
            };
            if (i % 2 === 0) await fromShared().then(fromL2);
            else await fromL2().then(fromShared);
            const again = await get(tiered.base, path);
            if (again.source !== 'in-memory') throw new Error(`${t} ${name}: ${again.source}`);
            samples[name].process.push(again.ms);
          }
        }
        for (const [name, s] of Object.entries(samples)) {
          out[name].rounds.push({
            sharedMs: median(s.shared),
            processMs: median(s.process),
            l2Ms: median(s.l2),
          });
        }
      }
      // Every first request of the tiered instance was a shared-tier hit: it read no L2 at all.
      const metrics = (await get(tiered.base, '/metrics')).body.toString();
      out.tieredL2Reads = [
        ...metrics.matchAll(/^ohlc_cache_reads_total\{layer="l2"[^}]*\} (\d+)/gm),
      ]
        .map((m) => Number(m[1]))
        .reduce((a, b) => a + b, 0);
    } finally {
      await Promise.all([tiered.stop(), plain.stop()]);
    }
  } finally {
    await redis.stop();
  }
  return out;
}

/** The scripted chart sessions of test/chart-session.e2e-spec.ts: upstream work vs minimum and naive. */
async function chartSession(api) {
  const out = {};
  for (const [name, steps] of Object.entries(chartSessions)) {
    const tickerName = `CS${name.slice(0, 1).toUpperCase()}`;
    const before = await api.counters();
    const seen = new Set();
    let naiveRows = 0;
    let minimumCalls = 0;
    for (const step of steps) {
      const { body } = await get(api.base, ohlc(tickerName, new URLSearchParams(step)));
      const json = JSON.parse(body.toString());
      naiveRows += json.count;
      let fresh = 0;
      for (const c of json.candles) {
        const key = `${json.resolution}@${c.date}`;
        if (!seen.has(key)) fresh++;
        seen.add(key);
      }
      if (fresh > 0) minimumCalls++;
    }
    const after = await api.counters();
    for (const step of steps) await get(api.base, ohlc(tickerName, new URLSearchParams(step)));
    const replay = await api.counters();
    out[name] = {
      steps: steps.length,
      calls: after.calls - before.calls,
      rows: after.rows - before.rows,
      minimumCalls,
      minimumRows: seen.size,
      naiveCalls: steps.length,
      naiveRows,
      replayCalls: replay.calls - after.calls,
    };
  }
  return out;
}

/** 200 concurrent requests for one series nobody has asked for yet. */
async function coldConcurrency(api) {
  const rounds = [];
  for (let r = 0; r < CFG.rounds; r++) {
    const path = ohlc(ticker('CC', r), REQUESTS.month5);
    const before = await api.counters();
    const times = await Promise.all(
      Array.from({ length: 200 }, () => get(api.base, path).then((h) => h.ms)),
    );
    const after = await api.counters();
    rounds.push({
      calls: after.calls - before.calls,
      p50ms: percentile(times, 0.5),
      p99ms: percentile(times, 0.99),
    });
  }
  return { requests: 200, rounds };
}

/**
 * L1 memory: (a) bytes per candle with room for everything and the response
 * cache off; (b) heap and RSS after 500 series against the byte bounds.
 */
async function l1Memory(dynalite) {
  const path = (i) => ohlc(ticker('M', i), `range=1W&resolution=5&end_date=${END}`);
  const fill = (api, n) =>
    getInBatches(
      api.base,
      Array.from({ length: n }, (_, i) => path(i)),
    );
  const measure = async (env, n) => {
    const api = await startApi(apiEnv(dynalite, env));
    try {
      // Requests of the fill's own kind first, so the code it runs is compiled before the baseline.
      for (let i = 0; i < 3; i++)
        await get(api.base, ohlc(ticker('W', i), `range=1W&resolution=5&end_date=${END}`));
      const m0 = await api.memory();
      const candles = await fill(api, n);
      const m1 = await api.memory();
      const grown = m1.heapUsed - m0.heapUsed + (m1.arrayBuffers - m0.arrayBuffers);
      return { series: n, candles, m0, m1, grown, rss: m1.rss };
    } finally {
      await api.stop();
    }
  };
  const perCandle = await measure(
    { L1_MAX_BYTES: String(2 ** 30), L1_MAX_ENTRIES: '1000000', RESPONSE_CACHE_MAX_BYTES: '0' },
    CFG.perCandle,
  );
  const bounded = await measure(
    {
      L1_MAX_BYTES: String(FILL_BOUND.l1),
      RESPONSE_CACHE_MAX_BYTES: String(FILL_BOUND.responses),
    },
    CFG.fill,
  );
  return {
    bytesPerCandle: perCandle.grown / perCandle.candles,
    perCandle,
    bounded: { ...bounded, bound: FILL_BOUND.l1 + FILL_BOUND.responses },
  };
}

/** Spawn to the first 200 of the daily request, embedded L2 as `npm start` runs: empty, then warm. */
async function coldStart() {
  const rounds = [];
  for (let r = 0; r < CFG.coldRounds; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'ohlc-bench-cold-'));
    try {
      const env = {
        ...apiEnv({ endpoint: '' }),
        L2_BACKEND: 'embedded',
        EMBEDDED_DYNAMODB_PATH: dir,
        DYNAMODB_ENDPOINT: '',
      };
      const startTo200 = async () => {
        const api = await startApi(env, {
          probe: false,
          ready: ohlc('AAPL', REQUESTS.daily),
          headers: AUTH,
        });
        await api.stop();
        return api.startedMs;
      };
      const emptyMs = await startTo200();
      const warmMs = await startTo200();
      rounds.push({ emptyMs, warmMs });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { rounds };
}

/**
 * The API on Lambda (`npm run build:lambda`'s bundle, the function's code) against the HTTP
 * server on the same dynalite table, alternately per round: process start to the first answer
 * of the daily request (from L2: the table holds it), then warm answers of it (from L1).
 */
async function lambda(dynalite) {
  const query = REQUESTS.daily;
  const request = { kind: 'function-url', path: '/api/v2/tickers/AAPL/ohlc', query, headers: AUTH };
  const env = apiEnv(dynalite, { OHLC_CACHE_CREATE_TABLE: 'false' });
  const viaHttp = async () => {
    const api = await startApi(env, { probe: false, ready: ohlc('AAPL', query), headers: AUTH });
    try {
      const warm = [];
      for (let i = 0; i < CFG.warm; i++) warm.push((await get(api.base, ohlc('AAPL', query))).ms);
      return { coldMs: api.startedMs, warmMs: median(warm) };
    } finally {
      await api.stop();
    }
  };
  const viaLambda = async () => {
    const host = await startLambda(env, 'dist/lambda/index.js');
    try {
      const first = await host.invoke(request);
      if (first.response.statusCode !== 200)
        throw new Error(`Lambda: ${first.response.statusCode}`);
      const handler = [];
      const roundTrip = [];
      for (let i = 0; i < CFG.warm; i++) {
        const answer = await host.invoke(request);
        if (answer.response.headers['x-cache-source'] !== 'in-memory')
          throw new Error(`Lambda warm answer from ${answer.response.headers['x-cache-source']}`);
        handler.push(answer.ms);
        roundTrip.push(answer.roundTripMs);
      }
      return {
        coldMs: first.sinceSpawnMs,
        warmMs: median(handler),
        warmRoundTripMs: median(roundTrip),
      };
    } finally {
      await host.stop();
    }
  };
  // The table holds the request before either starts, whatever ran before.
  const filler = await startApi(env);
  await get(filler.base, ohlc('AAPL', query)).finally(() => filler.stop());
  const rounds = [];
  for (let r = 0; r < CFG.coldRounds; r++) {
    const [first, second] = r % 2 === 0 ? [viaLambda, viaHttp] : [viaHttp, viaLambda];
    const a = await first();
    const b = await second();
    const [lam, http] = r % 2 === 0 ? [a, b] : [b, a];
    rounds.push({
      lambdaColdMs: lam.coldMs,
      httpColdMs: http.coldMs,
      lambdaWarmMs: lam.warmMs,
      lambdaWarmRoundTripMs: lam.warmRoundTripMs,
      httpWarmMs: http.warmMs,
    });
  }
  return { rounds };
}

// ---------------------------------------------------------------- main

const results = { machine: machine(), quick: QUICK, endDate: END, scenarios: {}, failed: {} };
const started = performance.now();
const dynalite = await startDynalite();
const run = async (name, scenario) => {
  if (ONLY && !ONLY.includes(name)) return;
  const t0 = performance.now();
  process.stderr.write(`bench: ${name}...\n`);
  try {
    results.scenarios[name] = await scenario();
  } catch (error) {
    results.failed[name] = error instanceof Error ? error.message : String(error);
    process.stderr.write(`bench: ${name} failed: ${results.failed[name]}\n`);
  }
  process.stderr.write(`bench: ${name} took ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
};
try {
  const api = await startApi(apiEnv(dynalite));
  try {
    await run('l1Hits', () => l1Hits(api));
    await run('chartSession', () => chartSession(api));
    await run('coldConcurrency', () => coldConcurrency(api));
  } finally {
    await api.stop();
  }
  await run('l2Hits', () => l2Hits(dynalite));
  await run('sharedTier', () => sharedTier(dynalite));
  await run('l1Memory', () => l1Memory(dynalite));
  await run('coldStart', () => coldStart());
  await run('lambda', () => lambda(dynalite));
  for (const scenario of SCENARIO_MODULES) await run(scenario.name, () => scenario.run(dynalite));
} finally {
  await dynalite.stop();
  killAll();
}
results.seconds = (performance.now() - started) / 1000;
results.loadAtEnd = loadavg().map((x) => +x.toFixed(2));
writeReport(results, { median, spread }, SCENARIO_MODULES);
process.exit(Object.keys(results.failed).length > 0 ? 1 : 0);
