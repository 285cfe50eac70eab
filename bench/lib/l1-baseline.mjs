// The baseline of an L1 hit: bare node:http answering with the bytes and
// headers the API answered the hit with, and the load client's runs against
// either (bench/lib/load-client.mjs, in its own process).
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH, CFG, get } from './context.mjs';
import { load, startBare } from './processes.mjs';

/** Headers about the connection or the moment: the bare server sets its own. */
const NOT_COPIED = ['date', 'connection', 'keep-alive', 'transfer-encoding'];

/** The API's answer to `path` once it is an L1 hit (the second request); throws if it is not. */
export async function l1Hit(base, path) {
  await get(base, path);
  const hit = await get(base, path);
  if (hit.source !== 'in-memory') throw new Error(`${path}: second answer was ${hit.source}`);
  return hit;
}

/** A bare server answering every request with `hit`'s headers and body; `stop` removes its file. */
export async function startBareLike(hit, name) {
  const headers = {};
  for (const [k, v] of hit.res.headers) if (!NOT_COPIED.includes(k)) headers[k] = v;
  const file = join(tmpdir(), `ohlc-bench-${process.pid}-${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({ status: 200, headers, bodyBase64: hit.body.toString('base64') }),
  );
  const removeFile = () => rmSync(file, { force: true });
  const bare = await startBare(file).catch((error) => {
    removeFile();
    throw error;
  });
  return { base: bare.base, stop: () => bare.stop().finally(removeFile) };
}

function allOk(name, run) {
  const bad = run.non2xx ?? run.requests - (run.statuses?.[200] ?? 0);
  if (bad > 0 || run.errors > 0) throw new Error(`${name}: ${bad} non-200 answers`);
  return run;
}

/** One keep-alive connection, requests back to back for CFG.seconds: p50 and p99 (µs). */
export async function latency(url, name) {
  return allOk(
    name,
    await load({ mode: 'latency', url, headers: AUTH, seconds: CFG.seconds, maxRequests: 20_000 }),
  );
}

/** autocannon with 10 connections for CFG.seconds: requests per second. */
export async function throughput(url, name) {
  return allOk(
    name,
    await load({ mode: 'throughput', url, headers: AUTH, seconds: CFG.seconds, connections: 10 }),
  );
}
