import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, killWithThisProcess } from '@app/ohlc-cache/testing';

export const REQUIRE_REDIS = 'REQUIRE_REDIS';
export const REDIS_SKIP_NOTICE =
  'Skipped: the shared-state suites need redis-server on PATH (Debian: apt-get install ' +
  `redis-server; Valkey's valkey-server works too with REDIS_SERVER=valkey-server). ` +
  `${REQUIRE_REDIS}=true turns this skip into a failure (CI sets it).`;

const BINARY = process.env.REDIS_SERVER ?? 'redis-server';
/** Longest the server may take to answer its first PING, in milliseconds. */
const START_TIMEOUT_MS = 10_000;

/** Whether a Redis-protocol server can be started here (or CI demands it, to fail loudly). */
export function redisMustRun(): boolean {
  const found = spawnSync(BINARY, ['--version'], { stdio: 'ignore' }).status === 0;
  return found || process.env[REQUIRE_REDIS] === 'true';
}

/**
 * A real `redis-server` on 127.0.0.1 and a free port, in memory only (no
 * RDB, no AOF), for a suite that starts it, may kill and restart it on the
 * same port to play an outage, and stops it.
 */
export class RedisServer {
  private constructor(
    private child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(port?: number): Promise<RedisServer> {
    const chosen = port ?? (await freePort());
    return new RedisServer(await launch(chosen), chosen);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Kills the server outright (SIGKILL), as a crash would. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
  }

  /** Starts it again on the same port, empty. */
  async restart(): Promise<void> {
    await this.kill();
    this.child = await launch(this.port);
  }

  stop(): Promise<void> {
    return this.kill();
  }
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    BINARY,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  if (child.pid !== undefined) killWithThisProcess(child.pid);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null)
      throw new Error(`${BINARY} exited (${child.exitCode}) on port ${port}`);
    if (Date.now() > deadline) throw new Error(`${BINARY} did not answer on port ${port}`);
    await sleep(50);
  }
  return child;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    for (const failure of ['error', 'timeout'] as const) {
      socket.once(failure, () => {
        socket.destroy();
        resolve(false);
      });
    }
  });
}
