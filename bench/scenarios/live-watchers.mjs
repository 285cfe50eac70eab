// Issue 22: what 1, 10 and 100 watchers of one series cost upstream on the live
// stream, against as many dashboards polling the OHLC route for the same candles.
import { Buffer } from 'node:buffer';
import { setTimeout as sleep } from 'node:timers/promises';
import { startApi } from '../lib/processes.mjs';
import { AUTH, QUICK, apiEnv, get, ohlc, ticker } from '../lib/context.mjs';
import { percentile } from '../lib/stats.mjs';

export const name = 'liveWatchers';

/** A Monday, 10:00 in New York: the stream polls only in a session, and the run stays in it. */
const CLOCK = '2025-12-08 15:00:00';
/**
 * LIVE_POLL_MS here: a stream costs one poll per tick whatever its watchers, so
 * a short interval measures it in less time and scales to any interval.
 */
const STREAM_POLL_MS = 1_000;
/**
 * LIVE_POLL_MS's default, and how often each polling dashboard asks. Polling
 * is not sped up: requests closer together than a fetch lasts join it, so a
 * shorter interval would save calls that dashboards at this one would pay.
 */
const POLL_MS = 15_000;
const WATCHERS = [1, 10, 100];
const STREAM_INTERVALS = QUICK ? 3 : 10;
const POLL_INTERVALS = QUICK ? 1 : 2;
/** What the dashboard page loads for a 5-minute chart (its shortest range holds today). */
const DASHBOARD = 'range=1W&resolution=5';
const streamPath = (t) => `/api/v2/tickers/${t}/ohlc/stream?resolution=5`;

/** A counter or gauge of `/metrics`, summed over its labels. */
async function metric(api, metricName) {
  const text = (await get(api.base, '/metrics')).body.toString();
  return [...text.matchAll(new RegExp(`^${metricName}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))]
    .map((m) => Number(m[1]))
    .reduce((a, b) => a + b, 0);
}

/** Opens one stream; `told(frame)` for each forming candle it is told, until `signal` aborts. */
async function watch(base, path, signal, told) {
  const res = await fetch(base + path, {
    headers: { ...AUTH, accept: 'text/event-stream' },
    signal,
  });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  const read = async () => {
    let buffer = '';
    // Candle frames are ASCII: decoding chunk by chunk cannot split one of their characters.
    for await (const chunk of res.body) {
      const frames = (buffer + Buffer.from(chunk).toString()).split('\n\n');
      buffer = frames.pop();
      for (const frame of frames) {
        if (frame.includes('event: candle') && frame.includes('"final":false')) told(frame);
      }
    }
  };
  // Aborting is how the bench hangs up.
  read().catch(() => undefined);
}

/** The demo provider's calls for `series` so far. */
const callsOf = async (api, series) => (await api.counters()).byTicker[series] ?? 0;

/**
 * Upstream calls while `n` clients hold the stream of one series open, from
 * one poll's forming candle to the one STREAM_INTERVALS polls later (a poll's
 * call is counted before its candle is sent). The demo's forming candle
 * changes every second, so each poll sends a version not seen before; a
 * watcher joining is sent the last one again.
 */
async function streamed(api, series, n) {
  const controller = new AbortController();
  const versions = new Set();
  const told = Array.from({ length: n }, () => 0);
  const untilPolled = async (count) => {
    const deadline = Date.now() + (count - versions.size + 5) * STREAM_POLL_MS;
    for (; versions.size < count; await sleep(5)) {
      if (Date.now() > deadline) throw new Error(`${series}: ${versions.size} of ${count} polls`);
    }
  };
  try {
    await Promise.all(
      told.map((_, i) =>
        watch(api.base, streamPath(series), controller.signal, (frame) => {
          told[i]++;
          versions.add(frame);
        }),
      ),
    );
    // The first watcher's poll runs at once, off the clock's ticks: count from the next one.
    await untilPolled(2);
    // Read at once: a read after the next poll started may count its call on either side.
    const before = await callsOf(api, series);
    await untilPolled(2 + STREAM_INTERVALS);
    const calls = (await callsOf(api, series)) - before;
    controller.abort();
    // Every watcher is told the forming candle: the demo provider made one at this clock.
    if (told.some((count) => count === 0)) throw new Error(`${series}: a watcher was told nothing`);
    // The last watcher leaving stops the polls: one left running would cost calls for nobody.
    for (let i = 0; (await metric(api, 'ohlc_live_series')) > 0; i++) {
      if (i === 100) throw new Error(`${series}: polled on 2 s after its watchers left`);
      await sleep(20);
    }
    return { calls };
  } finally {
    controller.abort();
  }
}

/** Upstream calls while `n` dashboards GET the OHLC route each interval, staggered across it. */
async function polled(api, series, n) {
  const path = ohlc(series, DASHBOARD);
  // The week before the forming candle is cached, as after a dashboard's first load.
  await get(api.base, path);
  const before = await callsOf(api, series);
  const sources = {};
  const times = [];
  const t0 = performance.now();
  const end = t0 + POLL_INTERVALS * POLL_MS;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      for (let at = t0 + (i * POLL_MS) / n; at < end; at += POLL_MS) {
        await sleep(at - performance.now());
        const { source, ms } = await get(api.base, path);
        times.push(ms);
        sources[source] = (sources[source] ?? 0) + 1;
      }
    }),
  );
  return {
    calls: (await callsOf(api, series)) - before,
    requests: n * POLL_INTERVALS,
    sources,
    p50ms: percentile(times, 0.5),
    p99ms: percentile(times, 0.99),
  };
}

/**
 * One API, its calls told apart by series: the streams one N after another,
 * and beside them the polling dashboards of every N at once (at the default
 * interval even one interval is long).
 */
export async function run(dynalite) {
  const most = String(Math.max(...WATCHERS));
  const api = await startApi(
    apiEnv(dynalite, {
      LIVE_POLL_MS: String(STREAM_POLL_MS),
      LIVE_MAX_STREAMS: most,
      // Every client here sends the one bench key; the watchers and dashboards are people
      // with keys of their own, so the per-key limits would measure themselves instead.
      LIVE_MAX_STREAMS_PER_CLIENT: most,
    }),
    { clock: CLOCK },
  );
  try {
    const streamAll = async () => {
      const out = [];
      for (const [i, n] of WATCHERS.entries()) out.push(await streamed(api, ticker('LS', i), n));
      return out;
    };
    const [streams, polls] = await Promise.all([
      streamAll(),
      Promise.all(WATCHERS.map((n, i) => polled(api, ticker('LP', i), n))),
    ]);
    return {
      clock: CLOCK,
      streamPollMs: STREAM_POLL_MS,
      streamIntervals: STREAM_INTERVALS,
      pollMs: POLL_MS,
      pollIntervals: POLL_INTERVALS,
      rows: WATCHERS.map((watchers, i) => ({ watchers, stream: streams[i], poll: polls[i] })),
    };
  } finally {
    await api.stop();
  }
}

export function render(r) {
  const perMinute = 60_000 / r.pollMs;
  const f = (x) => x.toFixed(1);
  const s = `${r.pollMs / 1000} s`;
  const lines = [
    '## Live stream vs polling dashboards: upstream calls for one series',
    '',
    `One API with its clock started at ${r.clock} UTC (libfaketime: a Monday, 10:00 in New ` +
      `York), demo provider at 0 ms, LIVE_POLL_MS=${r.streamPollMs} (a tick), upstream calls ` +
      'counted per series. Stream: N clients hold ' +
      '`GET /api/v2/tickers/{ticker}/ohlc/stream?resolution=5` open on one series; calls per ' +
      `tick are those from one poll's forming candle to the one ${r.streamIntervals} ` +
      `polls later, ÷ ${r.streamIntervals}; a stream polls once per tick at any tick length, so ` +
      `calls per minute at the default ${s} tick are calls per tick × ${perMinute}. Polling, at ` +
      'the same time, on a series of its own per N: N clients each ' +
      `\`GET /api/v2/tickers/{ticker}/ohlc?${DASHBOARD}\` (what the dashboard page loads for a ` +
      `5-minute chart at its shortest range) every ${s}, staggered evenly across the ` +
      `${s}, for ${(r.pollIntervals * r.pollMs) / 1000} s after a first load (not sped up: ` +
      'requests closer together than a fetch lasts join it); calls per minute are calls per ' +
      `${s} × ${perMinute}. Polling ÷ stream compares calls per minute.`,
    '',
    `| watchers | stream: calls / tick | stream: calls / min at ${s} | ` +
      `polling: requests / ${s} | polling: p50 / p99 ms | polling: calls / ${s} | ` +
      'polling: calls / min | polling ÷ stream |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const { watchers, stream, poll } of r.rows) {
    const streamCalls = stream.calls / r.streamIntervals;
    const pollCalls = poll.calls / r.pollIntervals;
    lines.push(
      `| ${watchers} | ${f(streamCalls)} | ` +
        `${f(streamCalls * perMinute)} | ${f(poll.requests / r.pollIntervals)} | ` +
        `${f(poll.p50ms)} / ${f(poll.p99ms)} | ` +
        `${f(pollCalls)} | ${f(pollCalls * perMinute)} | ` +
        `${streamCalls > 0 ? f(pollCalls / streamCalls) : '—'} |`,
    );
  }
  return lines;
}
