// Growth (issue 24): how an L1 hit and an L2 hit cost more as the window grows
// (1 day, 1 week, 1 month of 5-minute candles) and as the instance and its
// table hold more series (10, 100, 1,000), each point beside its baseline
// measured alternately in the same run: bare node:http with the same bytes for
// L1, the raw SDK reads of the same items for L2.
import { CFG, END, QUICK, apiEnv, get, getInBatches, ohlc, ticker } from '../lib/context.mjs';
import { l1Hit, latency, startBareLike } from '../lib/l1-baseline.mjs';
import { startApi, startDynalite } from '../lib/processes.mjs';
import { l2HitVsRaw, rawL2 } from '../lib/raw-l2.mjs';
import { f, mib } from '../lib/report.mjs';
import { median, spread } from '../lib/stats.mjs';

export const name = 'growth';

/**
 * Windows of `5` ending on END. Three months is not among them: the API serves at most 30 days
 * of `5` and moves an older start forward (MAX_DAYS_PER_RESOLUTION), which the run checks.
 */
const WINDOWS = {
  '1 day': `start_date=${END}&end_date=${END}&resolution=5`,
  '1 week': `range=1W&resolution=5&end_date=${END}`,
  '1 month': `range=1M&resolution=5&end_date=${END}`,
};
const THREE_MONTHS = `range=3M&resolution=5&end_date=${END}`;
/** 1,000 series take dynalite minutes to write on a busy machine: the full run only. */
const HELD = QUICK ? [10, 100] : [10, 100, 1000];
/** One day each: a week of 1,000 series is 470,000 candles to write to dynalite. */
const HELD_QUERY = WINDOWS['1 day'];
/** Tickers per window and round read from L2: a month of `5` is 1,700 candles to write each. */
const WINDOW_L2_PER_ROUND = Math.ceil(CFG.l2PerRound / 2);
/** p50 of `path`'s L1 hit against bare node:http with its bytes, alternately per round. */
async function l1VsBare(api, path, label) {
  const hit = await l1Hit(api.base, path);
  const bare = await startBareLike(hit, `growth-${label}`);
  const rounds = [];
  try {
    for (let r = 0; r < CFG.rounds; r++) {
      const p50 = {};
      for (const base of r % 2 === 0 ? [api.base, bare.base] : [bare.base, api.base])
        p50[base] = (await latency(base + path, label)).p50us;
      rounds.push({ apiUs: p50[api.base], bareUs: p50[bare.base] });
    }
  } finally {
    await bare.stop();
  }
  return { candles: JSON.parse(hit.body.toString()).count, bytes: hit.body.length, rounds };
}

/**
 * A fresh instance's L2 hits of `rounds` (each a list of { key, ticker, query } the table holds),
 * against the raw reads of the same items, in alternating order: medians per key and round.
 * `warm`, held too and not among them, is read both ways first.
 */
async function l2VsRaw(dynalite, env, warm, rounds) {
  const api = await startApi(env);
  const raw = rawL2(dynalite);
  const out = {};
  try {
    await raw.read(warm.ticker, warm.query);
    await get(api.base, ohlc(warm.ticker, warm.query));
    for (const round of rounds) {
      const times = {};
      for (const [i, s] of round.entries()) {
        const t = await l2HitVsRaw(api, raw, s.ticker, s.query, i % 2 === 0);
        times[s.key] ??= { api: [], raw: [] };
        times[s.key].api.push(t.apiMs);
        times[s.key].raw.push(t.rawMs);
      }
      for (const [key, t] of Object.entries(times)) {
        out[key] ??= [];
        out[key].push({ apiMs: median(t.api), rawMs: median(t.raw) });
      }
    }
  } finally {
    raw.close();
    await api.stop();
  }
  return out;
}

/** (a) The window: L1 on one instance, L2 of fresh tickers per window on a restarted one. */
async function byWindow(dynalite) {
  const env = apiEnv(dynalite);
  const keys = Object.keys(WINDOWS);
  // Distinct tickers per window: a longer window of a ticker holds the shorter ones.
  const sampled = (r, i, w) =>
    ticker(`G${String.fromCharCode(65 + w)}`, r * WINDOW_L2_PER_ROUND + i);
  const rounds = Array.from({ length: CFG.rounds }, (_, r) =>
    Array.from({ length: WINDOW_L2_PER_ROUND }, (_, i) =>
      keys.map((key, w) => ({ key, ticker: sampled(r, i, w), query: WINDOWS[key] })),
    ).flat(),
  );
  const rows = {};
  let threeMonthCandles;
  const api = await startApi(env);
  try {
    for (const [w, key] of keys.entries())
      rows[key] = await l1VsBare(api, ohlc(ticker('GL', w), WINDOWS[key]), `window-${w}`);
    threeMonthCandles = JSON.parse((await get(api.base, ohlc('GLZ', THREE_MONTHS))).body).count;
    await getInBatches(
      api.base,
      rounds.flat().map((s) => ohlc(s.ticker, s.query)),
    );
  } finally {
    // Stopped before the L2 reads: shutdown finishes its L2 writes.
    await api.stop();
  }
  const warm = { ticker: ticker('GL', keys.length - 1), query: WINDOWS[keys.at(-1)] };
  const l2 = await l2VsRaw(dynalite, env, warm, rounds);
  for (const key of keys) rows[key].l2 = l2[key];
  return { rows, threeMonthCandles };
}

/**
 * (b) Series held: for each count, an instance reads that many (1 week of `5` each) into L1 and
 * its L1 hit of the first is timed; then a fresh one reads some of them from the table, which
 * holds just those series (a dynalite of its own).
 */
async function bySeriesHeld() {
  const dynalite = await startDynalite();
  const env = apiEnv(dynalite);
  const path = (i) => ohlc(ticker('H', i), HELD_QUERY);
  const out = [];
  try {
    for (const n of HELD) {
      // The series of the last count come from L2, the others from upstream.
      const api = await startApi(env);
      let l1;
      let heapUsed;
      try {
        await getInBatches(
          api.base,
          Array.from({ length: n }, (_, i) => path(i)),
        );
        heapUsed = (await api.memory()).heapUsed;
        l1 = await l1VsBare(api, path(0), `held-${n}`);
      } finally {
        await api.stop();
      }
      // Spread over the held series but the first, which warms both readers.
      const perRound = Math.min(CFG.l2PerRound, Math.floor((n - 1) / CFG.rounds));
      const step = (n - 1) / (CFG.rounds * perRound);
      const rounds = Array.from({ length: CFG.rounds }, (_, r) =>
        Array.from({ length: perRound }, (_, i) => ({
          key: 'held',
          ticker: ticker('H', 1 + Math.floor((r * perRound + i) * step)),
          query: HELD_QUERY,
        })),
      );
      const warm = { ticker: ticker('H', 0), query: HELD_QUERY };
      const { held } = await l2VsRaw(dynalite, env, warm, rounds);
      out.push({ series: n, heapUsed, ...l1, l2PerRound: perRound, l2: held });
    }
  } finally {
    await dynalite.stop();
  }
  return out;
}

export async function run(dynalite) {
  return { windows: await byWindow(dynalite), held: await bySeriesHeld() };
}

const med = (rounds, key) => median(rounds.map((x) => x[key]));
/** `api / baseline` medians, then the median ratio and its spread over the rounds. */
const pair = (rounds, api, base, digits) => {
  const ratios = rounds.map((x) => x[api] / x[base]);
  return `${f(med(rounds, api), digits)} / ${f(med(rounds, base), digits)} | ${f(median(ratios))} (${spread(ratios)})`;
};
/** How many times the first row's figure. */
const times = (x, first) => `${f(x / first, 1)}×`;

export function render({ windows, held }) {
  const keys = Object.keys(windows.rows);
  const first = windows.rows[keys[0]];
  const lines = [
    '## Growth: L1-hit and L2-hit cost against the window and the series held',
    '',
    'L1 hit: p50 of one keep-alive connection’s back-to-back requests to the API (an L1 hit) and to ' +
      'bare `node:http` serving the same bytes and headers, alternately per round; L2 hit: a ' +
      'restarted API’s first answer (`persistent-cache`) and the raw `BatchGetItem` + `Query` of ' +
      'the same items, alternately per ticker, medians per round; (a) for windows of `5` ending on ' +
      'the end date (fresh tickers per window, the run’s shared table), (b) with ' +
      `${held.map((r) => r.series).join(', ')} series of 1 day of \`5\` held in L1 (the first one’s hit timed) and in a table of their own ` +
      '(some of them read from it by a fresh instance).',
    '',
    '| window of `5` | candles | bytes | L1 hit API / bare (µs) | L1 ratio | L2 hit API / raw (ms) | L2 ratio | growth from 1 day: bytes / L1 API / L2 API |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const key of keys) {
    const r = windows.rows[key];
    lines.push(
      `| ${key} | ${r.candles} | ${r.bytes} | ${pair(r.rounds, 'apiUs', 'bareUs', 0)} | ` +
        `${pair(r.l2, 'apiMs', 'rawMs', 2)} | ${times(r.bytes, first.bytes)} / ` +
        `${times(med(r.rounds, 'apiUs'), med(first.rounds, 'apiUs'))} / ` +
        `${times(med(r.l2, 'apiMs'), med(first.l2, 'apiMs'))} |`,
    );
  }
  lines.push(
    '',
    `3 months of \`5\` is not a window the API serves: it answered ${windows.threeMonthCandles} ` +
      `candles (1 month: ${windows.rows['1 month']?.candles}), the start moved forward to 30 days.`,
    '',
    '| series held | heap used | L1 hit API / bare (µs) | L1 ratio | L2 hits per round | L2 hit API / raw (ms) | L2 ratio |',
    '|---|---|---|---|---|---|---|',
  );
  for (const r of held) {
    lines.push(
      `| ${r.series} | ${mib(r.heapUsed)} | ${pair(r.rounds, 'apiUs', 'bareUs', 0)} | ` +
        `${r.l2PerRound} | ${pair(r.l2, 'apiMs', 'rawMs', 2)} |`,
    );
  }
  lines.push(
    '',
    'L1 (256 MiB, 10,000 entries) and the response cache (64 MiB) at their defaults, with room ' +
      'for every series held.',
  );
  return lines;
}
