import 'reflect-metadata';
import awsLambdaFastify, { type LambdaResponse, type PromiseHandler } from '@fastify/aws-lambda';
import { loadCandleDataConfig, type Env } from '@app/candle-data';
import { WriteReplayQueue } from '@app/ohlc-cache';
import { loadAppConfig } from './config/app-config';
import { createApp } from './create-app';

/**
 * The API on AWS Lambda, behind an API Gateway HTTP API or a function URL
 * (payload format 2.0): `handler` in `dist/apps/api/src/lambda.js`.
 *
 * The app is the one `main.ts` serves (`createApp`), built once per
 * container while Lambda initialises it and reused by every invocation;
 * `@fastify/aws-lambda` turns each event into a request injected into
 * Fastify, so the hooks, fast path, guards and error bodies are the same.
 *
 * Between invocations Lambda freezes the container and may end it without
 * warning, so nothing waits in memory for a later moment: the queue of L2
 * writes to replay is drained after every invocation, before the answer is
 * returned, for at most L2_REPLAY_DRAIN_MS and never past the invocation's
 * deadline less `ANSWER_MARGIN_MS`. What L2 still refuses then is counted as
 * lost (`ohlc_l2_replay_lost_candles_total{reason="shutdown"}`) and logged at
 * error level by `WriteReplayQueue`, the line the service stack's alarm
 * counts; those candles are fetched again on a later request.
 */

/** The invocation context Lambda passes (`aws-lambda`'s `Context`). */
type LambdaContext = Parameters<PromiseHandler>[1];

/** Time kept from the invocation's deadline to return the answer, in milliseconds. */
const ANSWER_MARGIN_MS = 500;

/** Answered base64-encoded: the images of the Swagger UI (everything else the API sends is text). */
const BINARY_TYPES = ['image/png', 'image/x-icon', 'image/svg+xml'];

/** Upper-case names only: the rest of a secret's JSON (notes, placeholders) is not environment. */
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

interface LambdaApp {
  readonly proxy: PromiseHandler<unknown, LambdaResponse>;
  readonly replay: WriteReplayQueue;
  readonly drainMs: number;
}

/**
 * Settings kept out of the function's configuration (API keys, provider
 * keys): `ENV_SECRET_ID` names a Secrets Manager secret holding a JSON object
 * of environment variables, which override the function's own.
 */
async function loadSecretEnvironment(env: Env): Promise<void> {
  const secretId = env.ENV_SECRET_ID?.trim();
  if (!secretId) return;
  // Loaded only when used: one SDK client less on a cold start without a secret.
  const { SecretsManagerClient, GetSecretValueCommand } =
    await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    Object.assign(env, environmentIn(secretId, SecretString));
  } finally {
    client.destroy();
  }
}

function environmentIn(secretId: string, secret: string | undefined): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret ?? '');
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(
      `Secret ${secretId} (ENV_SECRET_ID) must hold a JSON object of environment variables, ` +
        'such as {"API_KEYS":"dashboard:user:<secret>"}',
    );
  }
  return Object.fromEntries(
    Object.entries(parsed).filter(
      (entry): entry is [string, string] => ENV_NAME.test(entry[0]) && typeof entry[1] === 'string',
    ),
  );
}

/** What `main.ts` allows on loopback is refused here: every request comes from the network. */
function checkLambdaEnvironment(env: Env): void {
  if (loadCandleDataConfig(env).l2Backend !== 'dynamodb') {
    throw new Error(
      'On Lambda L2 is DynamoDB: set L2_BACKEND=dynamodb and OHLC_CACHE_TABLE (an embedded ' +
        'store would live and die with each container)',
    );
  }
  const { apiKeys, authDisabled } = loadAppConfig(env);
  if (apiKeys.length === 0 && !authDisabled) {
    throw new Error(
      'Refusing to start on Lambda: API_KEYS is empty, so anyone could call every route and ' +
        'spend the upstream quota. Set API_KEYS (through ENV_SECRET_ID) or AUTH_DISABLED=true.',
    );
  }
}

async function start(): Promise<LambdaApp> {
  await loadSecretEnvironment(process.env);
  checkLambdaEnvironment(process.env);
  // A buffered integration answers once, at the end: the live-candle stream answers 501 here.
  process.env.LIVE_STREAMS = 'false';
  // Lambda freezes the environment once the answer is out: a line still in a buffer would wait
  // for the next invocation, or be lost with the environment.
  process.env.LOG_BUFFER_BYTES = '0';
  const app = await createApp();
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  return {
    proxy: awsLambdaFastify<unknown>(fastify, {
      // The app reads nothing of the event beyond the request; no per-request token header.
      decorateRequest: false,
      // `?a=x,y` reaches the app as the string the HTTP server would give it.
      parseCommaSeparatedQueryParams: false,
      binaryMimeTypes: BINARY_TYPES,
    }),
    replay: app.get(WriteReplayQueue),
    drainMs: loadCandleDataConfig(process.env).replay.drainTimeoutMs,
  };
}

let starting: Promise<LambdaApp> | undefined;

/** The app, started once; a failed start is forgotten so that the next invocation tries again. */
function ready(): Promise<LambdaApp> {
  starting ??= start().catch((error: unknown) => {
    starting = undefined;
    throw error;
  });
  return starting;
}

// Begun while Lambda initialises the container, so the first event finds the app (nearly) built.
// A refused configuration fails the invocation that waits for it; a module Nest cannot build
// ends the process (Nest's abortOnError), and Lambda starts a new environment for the next.
ready().catch(() => undefined);

export async function handler(event: unknown, context: LambdaContext): Promise<LambdaResponse> {
  const { proxy, replay, drainMs } = await ready();
  const response = await proxy(event, context);
  const left = context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS;
  await replay.drain(Math.max(0, Math.min(drainMs, left)));
  return response;
}
