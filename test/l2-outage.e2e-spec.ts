import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FixedClock } from '@app/market-hours/testing';
import { WriteReplayQueue, createDocumentClient, createDynamoDbClient } from '@app/ohlc-cache';
import { freePort } from '@app/ohlc-cache/testing';
import { DynaliteProcess, QUICK_L2_RECOVERY_ENV } from './support/dynalite-process';
import { createTestApp, type TestApp } from './support/test-app';

/** Saturday: every candle asked for is closed. */
const clock = new FixedClock('2025-12-13T15:00:00Z');
const TABLE = 'outage-ohlc-cache';
/** The bound for queued writes to reach L2 once it is back. */
const REPLAY_BOUND_MS = 30_000;

interface BodyCandle {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume?: number;
}

async function until<T>(probe: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('L2 outage, with L2 in its own process (e2e)', () => {
  const saved = { ...process.env };
  const dataDir = mkdtempSync(join(tmpdir(), 'ohlc-outage-'));
  let port: number;
  let l2: DynaliteProcess;
  let direct: DynamoDBDocumentClient;
  let sut: TestApp;
  const env = () => ({
    ...l2.l2Env(TABLE),
    // A stopped server refuses at once; one attempt and short pauses keep the test quick.
    ...QUICK_L2_RECOVERY_ENV,
    // The last test leaves a write no table takes: closing gives up on it soon.
    L2_REPLAY_DRAIN_MS: '1000',
  });
  const ohlc = (app: TestApp, ticker: string) => app.get(`/api/v2/tickers/${ticker}/ohlc?range=1M`);
  /** The daily candles L2 holds for a ticker, read behind the app's back. */
  const storedDaily = async (ticker: string): Promise<BodyCandle[]> => {
    const out = await direct.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :d)',
        ExpressionAttributeValues: { ':pk': `${ticker}#demo`, ':d': 'D#' },
      }),
    );
    return (out.Items ?? []).map((item) => ({
      date: String(item.SK).slice(2, 12),
      open: item.open as number,
      high: item.high as number,
      low: item.low as number,
      close: item.close as number,
      volume: item.volume as number | undefined,
    }));
  };

  beforeAll(async () => {
    // A local server takes any credentials; the SDK still wants some.
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
    port = await freePort();
    l2 = await DynaliteProcess.start({ path: dataDir, port });
    direct = createDocumentClient(createDynamoDbClient({ endpoint: l2.endpoint, local: true }));
    sut = await createTestApp({ clock, env: env() });
  });

  afterAll(async () => {
    await sut.close();
    direct.destroy();
    await l2.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.env = saved;
  }, 15_000);

  let servedDuringOutage: BodyCandle[];

  it('answers 200 live-api-degraded from upstream while L2 is down, live but not ready', async () => {
    await l2.stop();

    const res = await ohlc(sut, 'AAPL').expect(200);

    expect(res.headers['x-cache-source']).toBe('live-api-degraded');
    expect(res.headers['x-cache-write-error']).toBe('true');
    servedDuringOutage = res.body.candles as BodyCandle[];
    expect(servedDuringOutage.length).toBeGreaterThan(0);
    expect(sut.app.get(WriteReplayQueue).stats().pending.candles).toBe(servedDuringOutage.length);
    await sut.get('/health/live').expect(200);
    const ready = await sut.get('/health/ready').expect(503);
    expect(ready.body.detail).toMatch(/^Not ready: l2 /);
  });

  it(
    'stores what was fetched during the outage once L2 is back, without asking upstream again',
    async () => {
      l2 = await DynaliteProcess.start({ path: dataDir, port });

      // The replay writes the candles, then their coverage, then leaves the queue: wait for all three.
      const queue = sut.app.get(WriteReplayQueue);
      const stored = await until(
        async () => {
          const candles = await storedDaily('AAPL');
          const done = candles.length === servedDuringOutage.length;
          return done && queue.stats().pending.writes === 0 ? candles : undefined;
        },
        REPLAY_BOUND_MS,
        'the queued candles to reach L2',
      );

      expect(stored).toEqual(servedDuringOutage);
      expect(sut.provider.calls).toHaveLength(1);
      expect(queue.stats()).toMatchObject({
        pending: { writes: 0 },
        lost: { overflow: { writes: 0 }, shutdown: { writes: 0 } },
      });
      await until(
        async () => ((await sut.get('/health/ready')).status === 200 ? true : undefined),
        REPLAY_BOUND_MS,
        'readiness',
      );
      // Coverage came with the candles: an instance with a cold L1 is served by L2 alone.
      const other = await createTestApp({ clock, env: env() });
      try {
        const res = await ohlc(other, 'AAPL').expect(200);
        expect(res.headers['x-cache-source']).toBe('persistent-cache');
        expect(other.provider.calls).toHaveLength(0);
      } finally {
        await other.close();
      }
    },
    2 * REPLAY_BOUND_MS,
  );

  it('names ResourceNotFoundException when the table is deleted under it, and keeps serving', async () => {
    await direct.send(new DeleteTableCommand({ TableName: TABLE }));

    const res = await ohlc(sut, 'MSFT').expect(200);

    expect(res.headers['x-cache-source']).toBe('live-api-degraded');
    expect(res.headers['x-cache-error']).toContain('ResourceNotFoundException');
    expect(res.headers['x-cache-write-error']).toBe('true');
    const ready = await sut.get('/health/ready').expect(503);
    expect(ready.body.detail).toContain('ResourceNotFoundException');
    // Still up: what L1 holds is served as before.
    const cached = await ohlc(sut, 'AAPL').expect(200);
    expect(cached.headers['x-cache-source']).toBe('in-memory');
  });
});
