import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '@app/ohlc-cache';
import { freePort, killWithThisProcess } from '@app/ohlc-cache/testing';
import { DynaliteProcess, QUICK_L2_RECOVERY_ENV } from './support/dynalite-process';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist/apps/api/src/main.js');
const TABLE = 'shutdown-ohlc-cache';
/** How long the demo provider takes: SIGTERM arrives well within it. */
const DEMO_LATENCY_MS = 1_500;

interface LogLine {
  readonly msg: string;
  readonly context?: string;
}

/** The API as `npm run start:prod` runs it, in its own process, its JSON log lines collected. */
class ApiProcess {
  readonly lines: LogLine[] = [];
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;

  constructor(readonly child: ChildProcess) {
    let rest = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = rest + chunk.toString();
      const complete = text.split('\n');
      rest = complete.pop() ?? '';
      for (const line of complete.filter(Boolean)) this.lines.push(parseLine(line));
      for (const wake of this.waiters) wake();
    });
    this.exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  }

  /** The first line matching `pattern`, waiting up to `ms` for it. */
  async line(pattern: RegExp, ms = 20_000): Promise<LogLine> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.lines.find((l) => pattern.test(l.msg));
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = this.lines.map((l) => l.msg).join('\n');
        throw new Error(`no log line matched ${String(pattern)}; the process wrote:\n${seen}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.add(resolve);
        setTimeout(resolve, 100);
      });
    }
  }
}

/** A JSON log line; anything else (a crash before the logger is up) is kept as its text. */
function parseLine(line: string): LogLine {
  try {
    return JSON.parse(line) as LogLine;
  } catch {
    return { msg: line };
  }
}

describe('Graceful shutdown of the built API (e2e, its own process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ohlc-shutdown-'));
  const workDir = mkdtempSync(join(tmpdir(), 'ohlc-shutdown-cwd-'));
  let l2: DynaliteProcess;
  let port: number;
  let api: ApiProcess | undefined;

  beforeAll(() => {
    // The production build, exactly what start:prod runs.
    execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'api'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  }, 120_000);

  afterAll(async () => {
    if (api && api.child.exitCode === null && api.child.signalCode === null) {
      api.child.kill('SIGKILL');
    }
    await l2?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  });

  it('finishes the request in flight, drains the replay queue into L2, closes and exits 0 on SIGTERM', async () => {
    port = await freePort();
    l2 = await DynaliteProcess.start({ path: dataDir, port });
    const child = spawn(process.execPath, [MAIN], {
      // No .env or .env.local is read from an empty directory: the environment is all of it.
      cwd: workDir,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        HOST: '127.0.0.1',
        OHLC_PROVIDER: 'demo',
        DEMO_LATENCY_MS: String(DEMO_LATENCY_MS),
        ...l2.l2Env(TABLE),
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        ...QUICK_L2_RECOVERY_ENV,
        L2_REPLAY_DRAIN_MS: '20000',
        LOG_LEVEL: 'info',
      },
    });
    if (child.pid !== undefined) killWithThisProcess(child.pid);
    api = new ApiProcess(child);
    const started = await api.line(/^OHLC API on /);
    const base = /http:\/\/[^/]+/.exec(started.msg)?.[0] ?? '';

    // L2 goes away, then a slow request: its write-through will be refused and queued.
    await l2.stop();
    const inFlight = fetch(`${base}/api/v2/tickers/AAPL/ohlc?range=1M`);
    await api.line(/^L2 read for AAPL#demo#D failed/);
    child.kill('SIGTERM');

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.headers.get('x-cache-write-error')).toBe('true');
    const body = (await res.json()) as { count: number };
    // No longer accepting.
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
    // L2 comes back while the process drains its queue.
    l2 = await DynaliteProcess.start({ path: dataDir, port });

    expect(await api.exited).toEqual([0, null]);
    await api.line(new RegExp(`^Draining 1 queued L2 writes \\(${body.count} candles\\)`));
    await api.line(/^Replay queue drained/);
    expect(api.lines.filter((l) => / are lost/.test(l.msg))).toEqual([]);
    const direct = createDocumentClient(
      createDynamoDbClient({ endpoint: l2.endpoint, local: true }),
    );
    try {
      const stored = await direct.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :d)',
          ExpressionAttributeValues: { ':pk': 'AAPL#demo', ':d': 'D#' },
        }),
      );
      expect(stored.Items).toHaveLength(body.count);
    } finally {
      direct.destroy();
    }
  }, 60_000);
});
