import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { get as httpGet } from 'node:http';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { FixedClock } from '@app/market-hours/testing';
import { DemoProvider } from '@app/market-data';
import { createDocumentClient, createDynamoDbClient } from '@app/ohlc-cache';
import { DynaliteProcess } from './support/dynalite-process';
import { API_MAIN, spawnEntryPoint } from './support/entry-point';
import { nyseHours } from './support/nyse';
import { duplicates, sessionsAsked } from './support/session-count';
import { createTestApp, type TestApp } from './support/test-app';

const TABLE = 'lease-takeover';
const LEASE_MS = 3_000;
const WINDOW = '?resolution=D&start_date=2025-11-03&end_date=2025-11-28';

/** The API in its own process (`npm start`'s entry point), its base URL once it listens. */
async function startApi(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawnEntryPoint(API_MAIN, { env: { PORT: '0', ...env } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API did not start:\n${output}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /OHLC API on (http:\/\/[\d.:]+)\//.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
  return { child, url };
}

/**
 * docs/architecture.md#fetching-exactly-once: a holder killed mid-fetch stops
 * renewing its lease, and another instance takes the fetch over within one
 * lease life instead of waiting out a long one.
 */
describe('A fetch lease whose holder was killed (e2e)', () => {
  let l2: DynaliteProcess;
  let other: TestApp;
  let holder: ChildProcess | undefined;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
    l2 = await DynaliteProcess.start();
  });

  afterAll(async () => {
    holder?.kill('SIGKILL');
    await other?.close();
    await l2.stop();
    process.env = saved;
  });

  it('is taken over by another instance within a few seconds, no session fetched twice', async () => {
    const shared = { ...l2.l2Env(TABLE), FETCH_LEASE_MS: String(LEASE_MS) };
    // The holder's demo upstream answers after a minute: it is killed well before.
    const api = await startApi({
      ...shared,
      DEMO_LATENCY_MS: '60000',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      LOG_LEVEL: 'info',
    });
    holder = api.child;
    httpGet(`${api.url}/api/v2/tickers/KILL/ohlc${WINDOW}`).on('error', () => undefined);

    const direct = createDocumentClient(
      createDynamoDbClient({ endpoint: l2.endpoint, local: true }),
    );
    const leases = async () =>
      (
        await direct.send(
          new QueryCommand({
            TableName: TABLE,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :lease)',
            ExpressionAttributeValues: { ':pk': 'KILL#demo', ':lease': 'LEASE#' },
          }),
        )
      ).Items ?? [];
    for (let i = 0; i < 200 && (await leases()).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await leases()).length).toBeGreaterThan(0);
    // Renewed past its first life while the holder lives.
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 500));
    const renewed = (await leases())[0].expires_at as number;
    expect(renewed).toBeGreaterThan(Date.now());

    holder.kill('SIGKILL');
    await once(holder, 'exit');
    direct.destroy();

    // The other instance judges the lease by a clock that runs like the holder's did.
    const clock = new FixedClock(new Date().toISOString());
    const ticking = setInterval(() => clock.advance(50), 50);
    const hours = nyseHours(clock);
    try {
      other = await createTestApp({
        clock,
        provider: new DemoProvider(hours, { latencyMs: 0 }),
        env: shared,
      });
      const started = Date.now();
      const res = await other.get(`/api/v2/tickers/KILL/ohlc${WINDOW}`);
      const tookMs = Date.now() - started;
      console.log(`taken over after ${tookMs} ms (lease ${LEASE_MS} ms)`);
      expect(res.status).toBe(200);
      expect(res.headers['x-cache-source']).toBe('live-api');
      expect(tookMs).toBeLessThan(LEASE_MS + 2_000);
      const asked = other.provider.calls.flatMap((call) => sessionsAsked(hours, call));
      // November 2025 without Thanksgiving.
      expect(asked).toHaveLength(19);
      expect(duplicates(asked)).toEqual([]);
    } finally {
      clearInterval(ticking);
    }
  }, 60_000);
});
