import type { LoggerService, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModule, type TestingModuleBuilder } from '@nestjs/testing';
import type { DestinationStream } from 'pino';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import { ClockPort } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import { DemoProvider, OhlcProvider } from '@app/market-data';
import {
  DYNAMODB_DOCUMENT_CLIENT,
  createDocumentClient,
  createDynamoDbClient,
} from '@app/ohlc-cache';
import { CommandCounter, type TestTable } from '@app/ohlc-cache/testing';
import { AppModule } from '../../apps/api/src/app.module';
import { CANDLE_DATA_CONFIG, loadCandleDataConfig, type CandleDataConfig } from '@app/candle-data';
import { APP_CONFIG, loadAppConfig, type AppConfig } from '../../apps/api/src/config/app-config';
import { configureApp, createFastifyAdapter } from '../../apps/api/src/configure-app';
import { LOG_DESTINATION } from '../../apps/api/src/logging/logging.module';
import { useStructuredLogs } from '../../apps/api/src/logging/use-structured-logs';
import { CountingProvider } from './counting-provider';
import { nyseHours } from './nyse';
import { upstreamEnv, type TestUpstream } from './test-upstream';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly provider: CountingProvider;
  readonly dynamo: CommandCounter;
  /** A GET over the app's HTTP server, with `headers`. */
  get(path: string, headers?: Record<string, string>): request.Test;
  /** A DELETE over the app's HTTP server, with `headers`. */
  delete(path: string, headers?: Record<string, string>): request.Test;
  /** An OPTIONS (a CORS preflight) over the app's HTTP server, with `headers`. */
  options(path: string, headers?: Record<string, string>): request.Test;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** LevelDB directory of the embedded L2; share it between apps to simulate a restart. */
  readonly embeddedPath?: string;
  /**
   * A running DynamoDB-compatible server (`startDynaliteTable()`) to use as L2
   * (`L2_BACKEND=dynamodb`) instead of an embedded one: apps given the same
   * table share their L2 like instances of one deployment.
   */
  readonly sharedL2?: Pick<TestTable, 'endpoint' | 'tableName'>;
  readonly clock: FixedClock;
  readonly env?: Record<string, string>;
  /** Replaces the demo provider behind the counter; `configured` keeps what the env selects. */
  readonly provider?: OhlcProvider | 'configured';
  /**
   * A fake upstream the configured provider calls (its key and base URL in
   * the environment; `provider` is then `configured`), started when it is not.
   * It outlives the app: the suite closes it (`suiteTestApp` does, after the
   * app).
   */
  readonly upstream?: TestUpstream;
  /** Receives every log line of the app. */
  readonly logger?: LoggerService;
  /**
   * Receives the structured (JSON) logs instead, as `main.ts` writes them:
   * one line per request and the app's own lines. `LOG_LEVEL` applies.
   */
  readonly logStream?: DestinationStream;
  /** Replaces further providers (a layer, a port) of the compiled module. */
  readonly overrides?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/** The API exactly as `main.ts` builds it, with a fixed clock and a counted provider. */
export async function createTestApp(options: TestAppOptions): Promise<TestApp> {
  const { moduleRef, provider } = await compileTestModule(AppModule, options, options.overrides);
  const app = await configureApp(
    moduleRef.createNestApplication<NestFastifyApplication>(
      createFastifyAdapter(moduleRef.get<AppConfig>(APP_CONFIG)),
      {
        logger: options.logger ?? ['error', 'warn'],
      },
    ),
  );
  if (options.logStream) useStructuredLogs(app);
  await app.init();
  // supertest drives the raw server, which Fastify only routes once ready.
  await app.getHttpAdapter().getInstance().ready();
  const dynamo = CommandCounter.attach(app.get<DynamoDBDocumentClient>(DYNAMODB_DOCUMENT_CLIENT));
  const server = app.getHttpServer();
  return {
    app,
    provider,
    dynamo,
    get: (path, headers = {}) => request(server).get(path).set(headers),
    delete: (path, headers = {}) => request(server).delete(path).set(headers),
    options: (path, headers = {}) => request(server).options(path).set(headers),
    close: () => app.close(),
  };
}

/**
 * The app of the enclosing `describe` block: created before its first test
 * and closed after its last, then its fake upstream, if any. Call it in the
 * block's body; what it returns stands for that app in the block's tests
 * and in the hooks registered after it.
 */
export function suiteTestApp(options: TestAppOptions): TestApp {
  let created: TestApp | undefined;
  beforeAll(async () => {
    created = await createTestApp(options);
  });
  afterAll(async () => {
    await created?.close();
    await options.upstream?.close();
  });
  const current = (): TestApp => {
    if (created === undefined) throw new Error('The suite app exists from its beforeAll hook on');
    return created;
  };
  return {
    get app() {
      return current().app;
    },
    get provider() {
      return current().provider;
    },
    get dynamo() {
      return current().dynamo;
    },
    get: (path, headers) => current().get(path, headers),
    delete: (path, headers) => current().delete(path, headers),
    options: (path, headers) => current().options(path, headers),
    close: () => current().close(),
  };
}

/**
 * `root` (the API's `AppModule`, or the CLI's module, both built on
 * `CandleDataModule`) compiled with the test's configuration, clock and
 * counted provider.
 */
export async function compileTestModule(
  root: Type<unknown>,
  options: TestAppOptions,
  overrides: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<{ moduleRef: TestingModule; provider: CountingProvider }> {
  const { sharedL2, upstream } = options;
  const env = {
    DEMO_LATENCY_MS: '0',
    // Request lines only where a test reads them.
    LOG_LEVEL: 'silent',
    ...(sharedL2 && {
      L2_BACKEND: 'dynamodb',
      DYNAMODB_ENDPOINT: sharedL2.endpoint,
      OHLC_CACHE_TABLE: sharedL2.tableName,
    }),
    ...(upstream && (await upstreamEnv(upstream))),
    ...options.env,
  };
  const candleData: CandleDataConfig = {
    ...loadCandleDataConfig(env),
    embeddedDynamoDbPath: options.embeddedPath ?? '',
  };
  const provider = new CountingProvider(
    options.provider instanceof Object
      ? options.provider
      : new DemoProvider(nyseHours(options.clock), { latencyMs: 0 }),
  );
  const configured = options.provider === 'configured' || upstream !== undefined;
  let builder = Test.createTestingModule({ imports: [root] })
    .overrideProvider(CANDLE_DATA_CONFIG)
    .useValue(candleData)
    .overrideProvider(APP_CONFIG)
    .useValue(loadAppConfig(env))
    .overrideProvider(ClockPort)
    .useValue(options.clock);
  if (!configured) {
    builder = builder.overrideProvider(OhlcProvider).useValue(provider);
  }
  if (sharedL2) {
    // A local server takes any credentials; fixed ones keep the SDK off the AWS chain.
    builder = builder.overrideProvider(DYNAMODB_DOCUMENT_CLIENT).useFactory({
      factory: () =>
        createDocumentClient(createDynamoDbClient({ endpoint: sharedL2.endpoint, local: true })),
    });
  }
  if (options.logStream) {
    builder = builder.overrideProvider(LOG_DESTINATION).useValue(options.logStream);
  }
  return { moduleRef: await overrides(builder).compile(), provider };
}
