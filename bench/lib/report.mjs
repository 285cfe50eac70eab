// Writes bench/results/latest.json (everything measured) and latest.md (the
// figures as ratios against their baselines, with the goals of issue 13).
import { execSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';

export function machine() {
  const git = (cmd) => {
    try {
      return execSync(`git ${cmd}`, { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    commit:
      git('rev-parse --short HEAD') + (git('status --porcelain') ? ' (uncommitted changes)' : ''),
    date: new Date().toISOString(),
    // Other work on the machine skews every figure: the load when the run began.
    loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
  };
}

export const f = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
export const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const verdict = (ok) => (ok ? 'met' : '**missed**');

export function writeReport(results, { median, spread }, scenarioModules = []) {
  const { machine: m, scenarios: s, failed } = results;
  const lines = [
    '# Read-path benchmark',
    '',
    `\`npm run bench${results.quick ? ' -- --quick' : ''}\`, ${m.date}, commit ${m.commit}, ` +
      `${results.seconds.toFixed(0)} s.`,
    '',
    `Machine: ${m.nproc} CPUs (\`nproc\`), ${m.cpu}, ${m.memoryGiB} GiB memory, node ${m.node}, ${m.platform}; ` +
      `load average ${m.loadAverage.join(', ')} at the start, ${results.loadAtEnd.join(', ')} at the end ` +
      '(other processes on the machine skew absolute figures; ratios are taken within rounds).',
    '',
    'Everything on 127.0.0.1: the built API (`dist/apps/api/src/main.js`), demo provider at 0 ms, ' +
      'API keys on (every request sends `Authorization: Bearer`), throttling on with a limit far ' +
      'above the load (and a fill share per client fit for the one key that stands for every user), L2 on dynalite in its own process; the load client in its own process. ' +
      `Windows end on ${results.endDate} (the last weekday before the run), so every candle is final. ` +
      'Ratios are API ÷ baseline per round; the table gives their median and the spread (min–max) ' +
      'over the rounds, baseline and API measured alternately within each round.',
    '',
  ];
  if (s.l1Hits) {
    lines.push(
      '## L1 hits vs bare `node:http` (same bytes and headers)',
      '',
      'Latency: one keep-alive connection, requests back to back, median (p50) per round. ' +
        'Throughput: autocannon, 10 connections. Started: `bench` is the API described above, ' +
        "stdout discarded; `npm start` is what the README's `npm start` runs (`node " +
        'dist/apps/api/src/main.js` at a terminal, its `.env`: no API keys, the embedded store, ' +
        'the demo provider), with only the rate limit raised above the load.',
      '',
      '| started | request | candles | bytes | latency API / bare (µs) | latency ratio (goal ≤ 1.3) | throughput API / bare (req/s) | throughput ratio (goal ≥ 0.7) |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const r of Object.values(s.l1Hits)) {
      const lat = median(r.latencyRatio);
      const thr = median(r.throughputRatio);
      lines.push(
        `| ${r.started} | \`${r.path}\` | ${r.candles} | ${r.bytes} | ${f(median(r.rounds.map((x) => x.apiP50us)), 0)} / ` +
          `${f(median(r.rounds.map((x) => x.bareP50us)), 0)} | ${f(lat)} (${spread(r.latencyRatio)}) ${verdict(lat <= 1.3)} | ` +
          `${f(median(r.rounds.map((x) => x.apiRps)), 0)} / ${f(median(r.rounds.map((x) => x.bareRps)), 0)} | ` +
          `${f(thr)} (${spread(r.throughputRatio)}) ${verdict(thr >= 0.7)} |`,
      );
    }
    lines.push('');
  }
  if (s.l2Hits) {
    lines.push(
      '## L2 hits vs the raw reads of the same items',
      '',
      'A restarted API (empty L1) answering from L2 (`X-Cache-Source: persistent-cache`), each ticker ' +
        'once, against the same coverage `BatchGetItem` and candle `Query` sent with the SDK from the ' +
        'benchmark process; medians per round.',
      '',
      '| request | API (ms) | raw BatchGetItem + Query (ms) | ratio (goal ≤ 1.2) |',
      '|---|---|---|---|',
    );
    for (const [name, r] of Object.entries(s.l2Hits)) {
      const ratio = median(r.ratio);
      lines.push(
        `| ${name} | ${f(median(r.rounds.map((x) => x.apiMs)))} | ${f(median(r.rounds.map((x) => x.rawMs)))} | ` +
          `${f(ratio)} (${spread(r.ratio)}) ${verdict(ratio <= 1.2)} |`,
      );
    }
    lines.push('');
  }
  if (s.sharedTier) {
    lines.push(
      '## Shared L1 tier (L1_SHARED on redis-server) vs a process-L1 hit and an L2 hit',
      '',
      'One instance filled L2 and the shared tier; then, interleaved per ticker, a fresh instance ' +
        'with the tier answered its first request from it and its second from its own memory, and a ' +
        'fresh instance without it answered from L2. Medians per round (each ticker once).',
      '',
      '| request | shared tier (ms) | process L1 (ms) | L2 (ms) | shared / L2 | shared / process |',
      '|---|---|---|---|---|---|',
    );
    for (const [name, r] of Object.entries(s.sharedTier)) {
      if (!r.rounds) continue;
      const m = (key) => median(r.rounds.map((x) => x[key]));
      lines.push(
        `| ${name} | ${f(m('sharedMs'))} | ${f(m('processMs'))} | ${f(m('l2Ms'))} | ` +
          `${f(m('sharedMs') / m('l2Ms'))} | ${f(m('sharedMs') / m('processMs'))} |`,
      );
    }
    lines.push(
      '',
      `L2 reads of the instance with the tier during its first requests: ${s.sharedTier.tieredL2Reads}.`,
      '',
    );
  }
  if (s.chartSession) {
    lines.push(
      '## Scripted chart sessions (test/chart-session.e2e-spec.ts)',
      '',
      'Upstream calls and rows the API made, against the minimum (each distinct candle once, one call ' +
        'for each step that shows a new candle) and a naive cache that refetches each step’s whole window.',
      '',
      '| session | steps | calls (min / naive) | rows (min / naive) | calls on replay |',
      '|---|---|---|---|---|',
    );
    for (const [name, r] of Object.entries(s.chartSession)) {
      lines.push(
        `| ${name} | ${r.steps} | ${r.calls} (${r.minimumCalls} / ${r.naiveCalls}) | ` +
          `${r.rows} (${r.minimumRows} / ${r.naiveRows}) | ${r.replayCalls} |`,
      );
    }
    lines.push('');
  }
  if (s.coldConcurrency) {
    const r = s.coldConcurrency.rounds;
    lines.push(
      '## 200 concurrent cold requests for one series',
      '',
      '| rounds | upstream calls per round | p50 (ms) | p99 (ms) |',
      '|---|---|---|---|',
      `| ${r.length} | ${r.map((x) => x.calls).join(', ')} | ${f(median(r.map((x) => x.p50ms)))} | ` +
        `${f(median(r.map((x) => x.p99ms)))} (${spread(r.map((x) => x.p99ms))}) |`,
      '',
    );
  }
  if (s.l1Memory) {
    const { perCandle: a, bounded: b, bytesPerCandle } = s.l1Memory;
    const ratio = b.grown / b.bound;
    lines.push(
      '## L1 memory',
      '',
      'Growth of `heapUsed + arrayBuffers` after a full GC (`--expose-gc`), from after the first ' +
        'request to after the fill; 5-minute candles, one week per series.',
      '',
      '| run | series | candles served | growth | RSS after | bound | growth / bound (goal ≤ 1.1) |',
      '|---|---|---|---|---|---|---|',
      `| room for all, response cache off | ${a.series} | ${a.candles} | ${mib(a.grown)} (${f(bytesPerCandle, 1)} B per candle) | ${mib(a.rss)} | — | — |`,
      `| L1_MAX_BYTES=${mib(b.bound - 8 * 2 ** 20)}, RESPONSE_CACHE_MAX_BYTES=8 MiB | ${b.series} | ${b.candles} | ${mib(b.grown)} | ${mib(b.rss)} | ${mib(b.bound)} | ${f(ratio)} ${verdict(ratio <= 1.1)} |`,
      '',
    );
  }
  if (s.coldStart) {
    const r = s.coldStart.rounds;
    const empty = median(r.map((x) => x.emptyMs));
    lines.push(
      '## Cold start to the first 200',
      '',
      'Spawn of `node dist/apps/api/src/main.js` (embedded L2, as `npm start`) to the first 200 of ' +
        'the daily request.',
      '',
      '| store | median (ms) | spread | goal |',
      '|---|---|---|---|',
      `| empty | ${f(empty, 0)} | ${spread(
        r.map((x) => x.emptyMs),
        0,
      )} | ≤ 1500 ms ${verdict(empty <= 1500)} |`,
      `| warm | ${f(median(r.map((x) => x.warmMs)), 0)} | ${spread(
        r.map((x) => x.warmMs),
        0,
      )} | — |`,
      '',
    );
  }
  if (s.lambda) {
    const r = s.lambda.rounds;
    const col = (key, d = 0) =>
      `${f(median(r.map((x) => x[key])), d)} (${spread(
        r.map((x) => x[key]),
        d,
      )})`;
    lines.push(
      '## Lambda beside the HTTP server',
      '',
      "The function's code (`npm run build:lambda`: `dist/lambda/index.js`) in a new process playing " +
        "Lambda's runtime (test/support/lambda/lambda-host.cjs, function URL events), and " +
        '`dist/apps/api/src/main.js`, alternately, on the same dynalite table holding the daily ' +
        'request. Cold: process start to the first answer (from L2). Warm: median of ' +
        `${results.quick ? 50 : 200} answers from L1, the handler's own time and the round trip ` +
        'through IPC for Lambda, the HTTP round trip for the server. Medians, spread over rounds.',
      '',
      '| | Lambda (ms) | HTTP server (ms) |',
      '|---|---|---|',
      `| cold start to the first answer | ${col('lambdaColdMs')} | ${col('httpColdMs')} |`,
      `| warm answer | handler ${col('lambdaWarmMs', 2)}; round trip ${col('lambdaWarmRoundTripMs', 2)} | ${col('httpWarmMs', 2)} |`,
      '',
    );
  }
  for (const scenario of scenarioModules) {
    if (s[scenario.name]) lines.push(...scenario.render(s[scenario.name], results), '');
  }
  for (const [name, error] of Object.entries(failed)) {
    lines.push(`**${name} did not run:** ${error}`, '');
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/latest.json', JSON.stringify(results, null, 2) + '\n');
  writeFileSync('bench/results/latest.md', lines.join('\n'));
  process.stdout.write(lines.join('\n'));
}
