import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '@app/ohlc-cache';
import { freePort, killWithThisProcess } from '@app/ohlc-cache/testing';
import { ApiProcess, BUILT_MAIN, buildApi } from './support/api-process';
import { DynaliteProcess, QUICK_L2_RECOVERY_ENV } from './support/dynalite-process';

const TABLE = 'shutdown-ohlc-cache';
/** How long the demo provider takes: SIGTERM arrives well within it. */
const DEMO_LATENCY_MS = 1_500;

describe('Graceful shutdown of the built API (e2e, its own process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ohlc-shutdown-'));
  const workDir = mkdtempSync(join(tmpdir(), 'ohlc-shutdown-cwd-'));
  let l2: DynaliteProcess;
  let port: number;
  let api: ApiProcess | undefined;

  // The production build, exactly what start:prod runs.
  beforeAll(buildApi, 120_000);

  afterAll(async () => {
    if (api && api.child.exitCode === null && api.child.signalCode === null) {
      api.child.kill('SIGKILL');
    }
    await l2?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  });

  /** The built API on `l2`, its lines collected; resolves with its URL once it listens. */
  async function startApi(): Promise<{
    child: ReturnType<typeof spawn>;
    base: string;
    server: ApiProcess;
  }> {
    const child = spawn(process.execPath, [BUILT_MAIN], {
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
    const server = new ApiProcess(child);
    api = server;
    const started = await server.line(/^OHLC API on /);
    return { child, base: /http:\/\/[^/]+/.exec(started.msg)?.[0] ?? '', server };
  }

  it('writes every request line before it exits on SIGTERM, those still in the log buffer too', async () => {
    port = await freePort();
    l2 = await DynaliteProcess.start({ path: dataDir, port });
    const { child, base, server } = await startApi();
    // More lines than one buffer holds (LOG_BUFFER_BYTES, 4 KiB), signalled well within the
    // second after which a buffered line is written anyway.
    for (let i = 0; i < 40; i++) await (await fetch(`${base}/health/live`)).arrayBuffer();
    child.kill('SIGTERM');
    expect(await server.exited).toEqual([0, null]);
    expect(server.lines.filter((l) => /^GET \/health\/live 200 /.test(l.msg))).toHaveLength(40);
  }, 60_000);

  it('finishes the request in flight, drains the replay queue into L2, closes and exits 0 on SIGTERM', async () => {
    const { child, base, server } = await startApi();

    // L2 goes away, then a slow request: its write-through will be refused and queued.
    await l2.stop();
    const inFlight = fetch(`${base}/api/v2/tickers/AAPL/ohlc?range=1M`);
    await server.line(/^L2 read for AAPL#demo#D failed/);
    child.kill('SIGTERM');

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.headers.get('x-cache-write-error')).toBe('true');
    const body = (await res.json()) as { count: number };
    // No longer accepting.
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
    // L2 comes back while the process drains its queue.
    l2 = await DynaliteProcess.start({ path: dataDir, port });

    expect(await server.exited).toEqual([0, null]);
    await server.line(new RegExp(`^Draining 1 queued L2 writes \\(${body.count} candles\\)`));
    await server.line(/^Replay queue drained/);
    expect(server.lines.filter((l) => / are lost/.test(l.msg))).toEqual([]);
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
