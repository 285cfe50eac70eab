import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { killWithThisProcess } from '@app/ohlc-cache/testing';

/** argv: the LevelDB directory ('' for memory), then the port (0 for any free one). */
const SERVER = `
const [path, port] = process.argv.slice(1);
const server = require('dynalite')({
  path: path || undefined, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0,
});
server.listen(Number(port), '127.0.0.1', () => console.log(server.address().port));
`;

/**
 * L2 settings for a server a test stops and starts again: a refusal is
 * final at once (one attempt, a short timeout) and queued writes are
 * replayed within a quarter of a second of its return.
 */
export const QUICK_L2_RECOVERY_ENV: Readonly<Record<string, string>> = {
  L2_TIMEOUT_MS: '1000',
  L2_MAX_ATTEMPTS: '1',
  L2_REPLAY_BASE_DELAY_MS: '50',
  L2_REPLAY_MAX_DELAY_MS: '250',
};

export interface DynaliteProcessOptions {
  /** LevelDB directory: the data outlives the process, for a restart on it. In memory when absent. */
  readonly path?: string;
  /** Fixed port, so that apps pointed at it reach the restarted server too. Any free one when absent. */
  readonly port?: number;
}

/**
 * A DynamoDB-compatible server (dynalite) in its own process, as a shared L2
 * is for several instances: none of the apps under test embeds it, and a
 * test can stop it and start it again (same data directory, same port) to
 * play an outage.
 */
export class DynaliteProcess {
  private constructor(
    private readonly child: ChildProcess,
    /** `http://127.0.0.1:<port>`. */
    readonly endpoint: string,
  ) {}

  static async start(options: DynaliteProcessOptions = {}): Promise<DynaliteProcess> {
    if (options.path) mkdirSync(options.path, { recursive: true });
    const child = spawn(
      process.execPath,
      ['-e', SERVER, options.path ?? '', String(options.port ?? 0)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (child.pid !== undefined) killWithThisProcess(child.pid);
    // A port still taken or a data directory still locked ends the child before it listens.
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`dynalite exited (${String(code)}) before listening`);
    });
    exited.catch(() => undefined);
    const [line] = (await Promise.race([once(child.stdout, 'data'), exited])) as [Buffer];
    return new DynaliteProcess(child, `http://127.0.0.1:${line.toString().trim()}`);
  }

  /** The variables that give an app (or `main.ts`) `table` on this server as its L2, created at start. */
  l2Env(table: string): Record<string, string> {
    return {
      L2_BACKEND: 'dynamodb',
      DYNAMODB_ENDPOINT: this.endpoint,
      OHLC_CACHE_TABLE: table,
      OHLC_CACHE_CREATE_TABLE: 'true',
    };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }
}
