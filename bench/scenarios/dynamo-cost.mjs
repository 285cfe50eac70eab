// DynamoDB capacity per candle (issue 24 item 4): the write and read units the API spends on
// Amazon's DynamoDB Local, through a proxy that asks every call for its consumed capacity
// (bench/lib/capacity-proxy.mjs), for a year of `1`, `5` and `D` of one ticker (backfilled in
// the longest windows the API serves, then read again by a restarted API from L2) and for the
// scripted chart sessions; beside them the same candles written and read as one item per
// series-day (bench/lib/day-items.mjs), and both at AWS's on-demand list price.
import { createRequire } from 'node:module';
import { URLSearchParams } from 'node:url';
import { startCapacityProxy, isWrite } from '../lib/capacity-proxy.mjs';
import { chartSessions } from '../lib/chart-sessions.mjs';
import { AUTH, END, QUICK, apiEnv, get, ohlc } from '../lib/context.mjs';
import { dayItemTable } from '../lib/day-items.mjs';
import { startApi, startDynamoDbLocal, withBogusSignature } from '../lib/processes.mjs';
import { chartRange } from '../lib/raw-l2.mjs';

const require = createRequire(import.meta.url);
export const name = 'dynamoCost';

/**
 * On-demand list price, US East (N. Virginia), Standard table class, in dollars per million
 * request units (AWS's price since the on-demand cut of 1 November 2024).
 */
export const PRICE = {
  writePerMillion: 0.625,
  readPerMillion: 0.125,
  source:
    'https://aws.amazon.com/dynamodb/pricing/on-demand/ (figures as quoted for US East by ' +
    'https://airbyte.com/data-engineering-resources/dynamodb-pricing)',
};
const TICKER = 'DCOST';
/** Calendar days of the backfill: a year (a quarter with --quick). */
const DAYS = QUICK ? 91 : 365;
const RESOLUTIONS = ['1', '5', 'D'];
const DAY_MS = 86_400_000;

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

/** The backfill's requests for `resolution`: the longest windows the API serves, newest first. */
function backfillQueries(resolution) {
  const { MAX_DAYS_PER_RESOLUTION } = require('../../dist/libs/ohlc-query/src/index.js');
  const span = MAX_DAYS_PER_RESOLUTION[resolution];
  const end = Date.parse(`${END}T00:00:00Z`);
  const first = end - (DAYS - 1) * DAY_MS;
  const queries = [];
  for (let e = end; e >= first; e -= (span + 1) * DAY_MS) {
    const start = Math.max(e - span * DAY_MS, first);
    queries.push(
      new URLSearchParams({
        resolution,
        start_date: isoDay(start),
        end_date: isoDay(e),
      }).toString(),
    );
  }
  return queries;
}

/** An answer's candles as the store holds them. */
function storedCandles(json) {
  const fetchedAt = Date.now();
  return json.candles.map((c) => ({
    start: Date.parse(c.date.length === 10 ? `${c.date}T00:00:00Z` : c.date),
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    ...(c.volume !== undefined && { volume: c.volume }),
    fetchedAt,
  }));
}

/** Write and read units of a phase's tallies, and its calls by operation. */
function units(tallies) {
  const out = { write: 0, read: 0, ops: tallies };
  for (const [operation, t] of Object.entries(tallies))
    out[isWrite(operation) ? 'write' : 'read'] += t.units;
  return out;
}

/**
 * One window's answer; a window of only closed days (a weekend at the edge of the backfill)
 * answers 404 NO_DATA, read as no candles.
 */
async function answer(base, path) {
  const res = await fetch(base + path, { headers: AUTH });
  const json = await res.json();
  if (res.status === 404 && json.code === 'NO_DATA') return { json: { candles: [] } };
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return { json, source: res.headers.get('x-cache-source') };
}

async function replayQueueEmpty(api) {
  const metrics = (await get(api.base, '/metrics')).body.toString();
  const pending = /^ohlc_l2_replay_queue_writes (\d+)/m.exec(metrics);
  if (pending && Number(pending[1]) > 0) throw new Error(`${pending[1]} L2 writes await replay`);
}

export async function run() {
  const local = await startDynamoDbLocal();
  const proxy = await startCapacityProxy(local.endpoint);
  const out = { days: DAYS, price: PRICE, backfill: {}, reread: {}, sessions: {}, dayItems: {} };
  try {
    // The proxy changes signed bodies: that only works on a server that does not check SigV4.
    out.bogusSignatureStatus = (await withBogusSignature(local.endpoint, 'ListTables')).status;
    if (out.bogusSignatureStatus !== 200)
      throw new Error(`DynamoDB Local refused a bogus signature (${out.bogusSignatureStatus})`);
    const env = apiEnv(proxy);
    const candles = {};
    let api = await startApi(env);
    try {
      proxy.take();
      for (const resolution of RESOLUTIONS) {
        const queries = backfillQueries(resolution);
        candles[resolution] = [];
        for (const q of queries) {
          const { json } = await answer(api.base, ohlc(TICKER, q));
          candles[resolution].push(...storedCandles(json));
        }
        await proxy.settled();
        await replayQueueEmpty(api);
        out.backfill[resolution] = {
          requests: queries.length,
          candles: candles[resolution].length,
          ...units(proxy.take()),
        };
      }
    } finally {
      await api.stop();
    }
    api = await startApi(env);
    try {
      proxy.take();
      for (const resolution of RESOLUTIONS) {
        for (const q of backfillQueries(resolution)) {
          const hit = await answer(api.base, ohlc(TICKER, q));
          if (hit.json.candles.length > 0 && hit.source !== 'persistent-cache')
            throw new Error(`${q}: ${hit.source}`);
        }
        await proxy.settled();
        out.reread[resolution] = units(proxy.take());
      }
      for (const [session, steps] of Object.entries(chartSessions)) {
        const tickerName = `DC${session.slice(0, 1).toUpperCase()}`;
        const seen = new Map();
        const stepsOut = [];
        for (const step of steps) {
          const q = new URLSearchParams(step).toString();
          const json = JSON.parse((await get(api.base, ohlc(tickerName, q))).body.toString());
          for (const c of storedCandles(json)) seen.set(`${json.resolution}@${c.start}`, c);
          await proxy.settled(200);
          const tallies = proxy.take();
          stepsOut.push({ query: q, resolution: json.resolution, queried: !!tallies.Query });
          stepsOut[stepsOut.length - 1].units = units(tallies);
        }
        const byResolution = {};
        for (const [key, c] of seen) (byResolution[key.split('@')[0]] ??= []).push(c);
        out.sessions[session] = { ticker: tickerName, steps: stepsOut, byResolution };
      }
      await replayQueueEmpty(api);
    } finally {
      await api.stop();
    }

    const table = await dayItemTable(local.endpoint, 'bench-day-items');
    try {
      for (const resolution of RESOLUTIONS) {
        const series = { ticker: TICKER, source: 'demo', resolution };
        const sorted = candles[resolution].sort((a, b) => a.start - b.start);
        const written = await table.write(series, sorted);
        let read = 0;
        let readCandles = 0;
        for (const q of backfillQueries(resolution)) {
          const r = await table.read(series, chartRange(q).range);
          read += r.units;
          readCandles += r.candles;
        }
        if (readCandles !== sorted.length)
          throw new Error(`day items of ${resolution}: read ${readCandles} of ${sorted.length}`);
        out.dayItems[resolution] = {
          items: written.items,
          bytes: written.bytes,
          write: written.units,
          read,
        };
      }
      for (const s of Object.values(out.sessions)) {
        s.dayItems = { write: 0, read: 0, items: 0 };
        for (const [resolution, list] of Object.entries(s.byResolution)) {
          const series = { ticker: s.ticker, source: 'demo', resolution };
          const written = await table.write(
            series,
            list.sort((a, b) => a.start - b.start),
          );
          s.dayItems.write += written.units;
          s.dayItems.items += written.items;
        }
        // The day layout reads L2 where the API did: on the steps that queried candles.
        for (const step of s.steps.filter((x) => x.queried)) {
          const { range } = chartRange(step.query);
          const series = { ticker: s.ticker, source: 'demo', resolution: step.resolution };
          s.dayItems.read += (await table.read(series, range)).units;
        }
        s.candles = Object.values(s.byResolution).reduce((n, list) => n + list.length, 0);
        s.api = units({});
        for (const step of s.steps) {
          s.api.write += step.units.write;
          s.api.read += step.units.read;
          for (const [op, t] of Object.entries(step.units.ops)) {
            const sum = (s.api.ops[op] ??= { requests: 0, units: 0, failed: 0 });
            sum.requests += t.requests;
            sum.units += t.units;
            sum.failed += t.failed;
          }
        }
        delete s.byResolution;
      }
    } finally {
      table.close();
    }
  } finally {
    await proxy.stop();
    await local.stop();
  }
  return out;
}

const f = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const dollars = (unitsPerCandle, perMillion) => `$${f(unitsPerCandle * perMillion, 3)}`;
const opsText = (ops) =>
  Object.entries(ops)
    .map(([op, t]) => `${op} ${t.requests}×, ${f(t.units, 1)}`)
    .join('; ');

export function render(r) {
  const { writePerMillion: w, readPerMillion: rd } = r.price;
  const lines = [
    '## DynamoDB capacity per candle',
    '',
    `Amazon's DynamoDB Local behind a proxy that adds \`ReturnConsumedCapacity: TOTAL\` to every ` +
      `call and sums the units each answer reports (DynamoDB Local answered a call with a made-up ` +
      `SigV4 signature: ${r.bogusSignatureStatus}, so it does not check them). One ticker, ` +
      `${r.days} calendar days to ${END} of each resolution in the longest windows the API serves ` +
      '(demo provider), write-through settled; then the same windows from a restarted API (L2 hits). ' +
      'Day items: the same candles as one item per series-day (UTC day; L1’s CandleBucket encoding ' +
      'in one binary attribute, 56 bytes a candle), read back with one Query per window. ' +
      `Prices: on-demand, US East, $${w} per million write and $${rd} per million read request ` +
      `units (${r.price.source}); per million candles written once and read once.`,
    '',
    '| resolution | candles | API writes (units / candle) | API reads (units / candle) | day items: writes / candle | day items: reads / candle | $ per million candles, item per candle (write + read) | $ per million candles, day items (write + read) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const [res, b] of Object.entries(r.backfill)) {
    const n = b.candles;
    const d = r.dayItems[res];
    const apiW = b.write / n;
    const apiR = r.reread[res].read / n;
    const dayW = d.write / n;
    const dayR = d.read / n;
    lines.push(
      `| ${res} | ${n} | ${f(apiW, 3)} | ${f(apiR, 4)} | ${f(dayW, 4)} (${d.items} items, ${f(d.bytes / d.items / 1024, 1)} KiB each) | ${f(dayR, 4)} | ${dollars(apiW, w)} + ${dollars(apiR, rd)} | ${dollars(dayW, w)} + ${dollars(dayR, rd)} |`,
    );
  }
  lines.push('', 'The API’s calls by operation (calls, units):', '');
  for (const [res, b] of Object.entries(r.backfill)) {
    lines.push(
      `- ${res}, backfill (${b.requests} requests): ${opsText(b.ops)}`,
      `- ${res}, read from L2: ${opsText(r.reread[res].ops)}`,
    );
  }
  lines.push(
    '',
    'Chart sessions (bench/lib/chart-sessions.mjs, fresh tickers, one API with its L1): what the ' +
      'API spent, and the day layout writing the same candles and querying the windows of the ' +
      'steps on which the API queried candles.',
    '',
    '| session | steps | candles | API writes | API reads | day items: writes | day items: reads | $ per million sessions, API | $ per million sessions, day items |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const [session, s] of Object.entries(r.sessions)) {
    const cost = (wu, ru) => `$${f(wu * w + ru * rd, 0)}`;
    lines.push(
      `| ${session} | ${s.steps.length} | ${s.candles} | ${f(s.api.write, 1)} | ${f(s.api.read, 1)} | ${f(s.dayItems.write, 1)} | ${f(s.dayItems.read, 1)} | ${cost(s.api.write, s.api.read)} | ${cost(s.dayItems.write, s.dayItems.read)} |`,
    );
  }
  for (const [session, s] of Object.entries(r.sessions)) {
    lines.push('', `- ${session}, the API’s calls: ${opsText(s.api.ops)}`);
  }
  return lines;
}
