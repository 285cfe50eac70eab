import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '@app/ohlc-cache';
import { freePort, killWithThisProcess } from '@app/ohlc-cache/testing';
import { bundleLambda } from '../apps/infra/src/lambda-bundle';
import { REPLAY_LOSS_LOG } from '../apps/infra/src/replay-loss-log';
import { ApiProcess, BUILT_LAMBDA, BUILT_MAIN, ROOT, buildApi } from './support/api-process';
import { DynaliteProcess } from './support/dynalite-process';
import { FakeSecretsManager } from './support/fake-secrets-manager';
import { LambdaHost, type LambdaRequest, type LambdaResponse } from './support/lambda-host';

const SECRET = 'lambda-e2e-secret-0123456789';
const SECRET_ID = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ohlc-api-env-AbCdEf';
const AUTH = { authorization: `Bearer ${SECRET}` };
const OHLC = '/api/v2/tickers/AAPL/ohlc';
/** A finished month: every candle is final, so two fetches of it give the same body. */
const QUERY = 'range=1M&resolution=D&end_date=2025-11-28';
/** Fails validation (no such resolution): a 4xx in the contract's error shape. */
const BAD_QUERY = 'range=1M&resolution=7&end_date=2025-11-28';
/**
 * Headers that differ between any two answers, whoever sends them: the caller's remaining
 * requests count down, and the age grows with the time since the table was filled (compared
 * apart, by `expectAge`).
 */
const PER_ANSWER = [
  'date',
  'connection',
  'keep-alive',
  'x-request-id',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-cache-age',
];

/** An answer of either runtime, in the same terms. */
interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** When it arrived, epoch ms. */
  readonly at: number;
}

const fromLambda = (response: LambdaResponse): Answer => ({
  at: Date.now(),
  status: response.statusCode,
  headers: Object.fromEntries(
    Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]),
  ),
  body: response.isBase64Encoded ? Buffer.from(response.body, 'base64').toString() : response.body,
});

/** Status, body and every header but the per-answer ones; the age separately (a second may pass). */
function comparable(answer: Answer): { status: number; headers: object; body: string } {
  const headers = Object.fromEntries(
    Object.entries(answer.headers).filter(([name]) => !PER_ANSWER.includes(name)),
  );
  return { status: answer.status, headers, body: answer.body };
}

/** `X-Cache-Age` is the whole seconds since the candles were fetched (`filledAt`), give or take one. */
function expectAge(answer: Answer, filledAt: number): void {
  const since = (answer.at - filledAt) / 1000;
  expect(Math.abs(Number(answer.headers['x-cache-age']) - since)).toBeLessThanOrEqual(1.5);
}

/** The contract's error shape, with what it says. */
function errorOf(answer: Answer): { detail: string; code: string; message: string } {
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  expect(body).toEqual({
    detail: expect.any(String),
    code: expect.any(String),
    message: expect.any(String),
  });
  return body as { detail: string; code: string; message: string };
}

describe('The API on Lambda (e2e: the built handler in its own process)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ohlc-lambda-cwd-'));
  const outageData = mkdtempSync(join(tmpdir(), 'ohlc-lambda-l2-'));
  const bundleDir = mkdtempSync(join(tmpdir(), 'ohlc-lambda-bundle-'));
  let l2: DynaliteProcess;
  let secrets: FakeSecretsManager;
  const started: ApiProcess[] = [];
  /** When the Lambda cases' table got its candles from upstream (the first invocation). */
  let lambdaFilledAt = 0;
  /** The HTTP server's answers, in the order the Lambda cases repeat them. */
  const server: Record<'upstream' | 'memory' | 'l2' | 'invalid', Answer> = {} as never;

  const env = (table: string, extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH,
    NO_COLOR: '1',
    OHLC_PROVIDER: 'demo',
    DEMO_LATENCY_MS: '0',
    L2_BACKEND: 'dynamodb',
    DYNAMODB_ENDPOINT: l2.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    OHLC_CACHE_TABLE: table,
    OHLC_CACHE_CREATE_TABLE: 'true',
    API_KEYS: `e2e:user:${SECRET}`,
    ...extra,
  });

  /** `npm run start:prod` in a fresh process; its base URL once it listens. */
  async function startServer(table: string): Promise<{ base: string; api: ApiProcess }> {
    const child = spawn(process.execPath, [BUILT_MAIN], {
      cwd,
      env: { ...env(table), PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (child.pid !== undefined) killWithThisProcess(child.pid);
    const api = new ApiProcess(child);
    started.push(api);
    const line = await api.line(/^OHLC API on /);
    return { base: /http:\/\/[^/]+/.exec(line.msg)?.[0] ?? '', api };
  }

  async function get(base: string, query: string): Promise<Answer> {
    const res = await fetch(`${base}${OHLC}?${query}`, { headers: AUTH });
    const body = await res.text();
    return { status: res.status, headers: Object.fromEntries(res.headers), body, at: Date.now() };
  }

  async function startLambda(
    extra: Record<string, string> = {},
    handler = BUILT_LAMBDA,
    table = 'lambda-ohlc-cache',
  ): Promise<LambdaHost> {
    const host = await LambdaHost.start(handler, { cwd, env: env(table, extra) });
    started.push(host);
    return host;
  }

  const request = (
    kind: LambdaRequest['kind'],
    query = QUERY,
    headers: Record<string, string> = AUTH,
  ): LambdaRequest => ({
    kind,
    path: OHLC,
    query,
    headers,
  });

  beforeAll(async () => {
    buildApi();
    l2 = await DynaliteProcess.start();
    secrets = await FakeSecretsManager.start({
      [SECRET_ID]: JSON.stringify({ API_KEYS: `e2e:user:${SECRET}`, note: 'not an env name' }),
    });
    // The HTTP server's answers on a table of its own, in the states the Lambda cases meet.
    let http = await startServer('http-ohlc-cache');
    server.upstream = await get(http.base, QUERY);
    server.memory = await get(http.base, QUERY);
    server.invalid = await get(http.base, BAD_QUERY);
    await http.api.stop();
    http = await startServer('http-ohlc-cache');
    server.l2 = await get(http.base, QUERY);
    await http.api.stop();
    expect(
      [server.upstream, server.memory, server.l2].map((a) => a.headers['x-cache-source']),
    ).toEqual(['live-api', 'in-memory', 'persistent-cache']);
    for (const answer of [server.upstream, server.memory, server.l2]) {
      expectAge(answer, server.upstream.at);
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    await l2?.stop();
    await secrets?.close();
    for (const dir of [cwd, outageData, bundleDir]) rmSync(dir, { recursive: true, force: true });
  });

  describe('one execution environment, invoked again and again', () => {
    let host: LambdaHost;
    beforeAll(async () => {
      host = await startLambda();
    }, 60_000);

    it('answers an HTTP API event as the HTTP server does, from upstream', async () => {
      const answer = fromLambda((await host.invoke(request('http-api'))).response);
      lambdaFilledAt = answer.at;
      expect(comparable(answer)).toEqual(comparable(server.upstream));
      expectAge(answer, lambdaFilledAt);
    });

    it('answers a function URL event from memory on the next invocation', async () => {
      const answer = fromLambda((await host.invoke(request('function-url'))).response);
      expect(answer.headers['x-cache-source']).toBe('in-memory');
      expect(comparable(answer)).toEqual(comparable(server.memory));
      expectAge(answer, lambdaFilledAt);
    });

    it('refuses a request without a key with 401 and the error body', async () => {
      const { response } = await host.invoke(request('function-url', QUERY, {}));
      expect(response.statusCode).toBe(401);
      expect(errorOf(fromLambda(response)).code).toBe('UNAUTHORIZED');
    });

    it('answers 304 to If-None-Match with the current ETag', async () => {
      const etag = server.memory.headers.etag;
      const { response } = await host.invoke(
        request('http-api', QUERY, { ...AUTH, 'if-none-match': etag }),
      );
      expect(response.statusCode).toBe(304);
      expect(response.body).toBe('');
      expect(response.headers.etag).toBe(etag);
    });

    it('answers bad input with the 4xx and body the HTTP server gives', async () => {
      const { response } = await host.invoke(request('function-url', BAD_QUERY));
      const answer = fromLambda(response);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(errorOf(answer)).toEqual(errorOf(server.invalid));
      expect(comparable(answer)).toEqual(comparable(server.invalid));
    });

    it("passes the caller's headers through: its X-Request-Id comes back", async () => {
      const { response } = await host.invoke(
        request('http-api', QUERY, { ...AUTH, 'x-request-id': 'trace-42' }),
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-request-id']).toBe('trace-42');
    });
  });

  it('serves from L2 in a new execution environment, its keys read from Secrets Manager', async () => {
    const host = await startLambda({
      API_KEYS: '',
      ENV_SECRET_ID: SECRET_ID,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    });
    const answer = fromLambda((await host.invoke(request('function-url'))).response);
    expect(answer.headers['x-cache-source']).toBe('persistent-cache');
    expect(comparable(answer)).toEqual(comparable(server.l2));
    expectAge(answer, lambdaFilledAt);
    expect(secrets.calls).toEqual([
      { target: 'secretsmanager.GetSecretValue', input: { SecretId: SECRET_ID } },
    ]);
  }, 60_000);

  it('refuses to start without API keys, or on the embedded store', async () => {
    for (const [extra, message] of [
      [{ API_KEYS: '' }, 'Refusing to start on Lambda: API_KEYS is empty'],
      [{ L2_BACKEND: 'embedded' }, 'On Lambda L2 is DynamoDB'],
    ] as const) {
      const host = await startLambda(extra);
      await expect(host.invoke(request('function-url'))).rejects.toThrow(message);
      // The failed start is not kept: the next invocation tries again (and fails alike).
      await expect(host.invoke(request('function-url'))).rejects.toThrow(message);
    }
  }, 60_000);

  describe('the replay queue, drained before each answer', () => {
    let outage: DynaliteProcess;
    let port: number;
    let host: LambdaHost;
    const table = 'outage-ohlc-cache';

    beforeAll(async () => {
      port = await freePort();
      outage = await DynaliteProcess.start({ path: outageData, port });
      host = await LambdaHost.start(BUILT_LAMBDA, {
        cwd,
        env: {
          ...env(table),
          DYNAMODB_ENDPOINT: outage.endpoint,
          L2_TIMEOUT_MS: '1000',
          L2_MAX_ATTEMPTS: '1',
          L2_REPLAY_BASE_DELAY_MS: '50',
          L2_REPLAY_MAX_DELAY_MS: '250',
          L2_REPLAY_DRAIN_MS: '20000',
        },
      });
      started.push(host);
      // Built, and the table created, before the outage.
      expect(
        (await host.invoke(request('http-api', 'range=1M&resolution=D&end_date=2025-10-31')))
          .response.statusCode,
      ).toBe(200);
    }, 60_000);

    afterAll(() => outage?.stop());

    it('writes a refused write-through before answering once L2 is back within the bound', async () => {
      await outage.stop();
      const answered = host.invoke(request('function-url'));
      await host.line(/^Draining 1 queued L2 writes/);
      outage = await DynaliteProcess.start({ path: outageData, port });

      const { response } = await answered;
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-cache-write-error']).toBe('true');
      await host.line(/^Replay queue drained/);
      const count = (JSON.parse(response.body) as { count: number }).count;
      const direct = createDocumentClient(
        createDynamoDbClient({ endpoint: outage.endpoint, local: true }),
      );
      try {
        const stored = await direct.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :d)',
            ExpressionAttributeValues: { ':pk': 'AAPL#demo', ':d': 'D#' },
          }),
        );
        expect(stored.Items?.length).toBeGreaterThanOrEqual(count);
      } finally {
        direct.destroy();
      }
    }, 60_000);

    it('counts and logs as lost, for the alarm, what L2 still refuses by the invocation deadline', async () => {
      await outage.stop();
      // 1.5 s left of the invocation: the drain stops 0.5 s before the deadline.
      const { response } = await host.invoke(
        request('http-api', 'range=1M&resolution=D&end_date=2025-09-30'),
        1_500,
      );
      expect(response.statusCode).toBe(200);
      const lost = await host.line(/are lost; they will be fetched again$/);
      expect(lost.msg).toMatch(/could not be written within \d+ ms/);
      expect(Number(/within (\d+) ms/.exec(lost.msg)?.[1])).toBeLessThanOrEqual(1_000);
      // The fields the service stack's metric filter matches.
      expect(lost).toMatchObject(REPLAY_LOSS_LOG);
    }, 60_000);
  });

  it('answers the same from the esbuild bundle the service stack deploys, with no node_modules around', async () => {
    await bundleLambda(ROOT, bundleDir);
    const host = await LambdaHost.start(join(bundleDir, 'index.js'), {
      cwd: bundleDir,
      env: env('lambda-ohlc-cache'),
    });
    started.push(host);
    const answer = fromLambda((await host.invoke(request('http-api'))).response);
    expect(comparable(answer)).toEqual(comparable(server.l2));
    expectAge(answer, lambdaFilledAt);
    const docs = await host.invoke({ kind: 'function-url', path: '/docs' });
    expect(docs.response.statusCode).toBe(200);
    const page = await host.invoke({ kind: 'function-url', path: '/' });
    expect(page.response.statusCode).toBe(200);
  }, 180_000);
});
