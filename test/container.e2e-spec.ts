import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { freePort, openTestTable, type TestTable } from '@app/ohlc-cache/testing';
import { nodeLine } from '../apps/infra/src/node-line';
import { ROOT } from './support/api-process';
import { probeContainerEngine } from './support/container-engine';
import { DynaliteProcess } from './support/dynalite-process';

const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const LINE = nodeLine(ROOT);

/** The commands of the README's container block, `\` continuations joined, comments dropped. */
function readmeContainerCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('\n### Container\n')[1]?.split('\n#')[0] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

describe('Container image: the Dockerfile', () => {
  it('passes the Dockerfile linter with no error or warning', () => {
    expect(validate(DOCKERFILE)).toEqual([]);
  });

  it('takes its Node line from .nvmrc, as the README build command does', () => {
    expect(/^ARG NODE_VERSION=(\d+)$/m.exec(DOCKERFILE)?.[1]).toBe(String(LINE));
    expect(DOCKERFILE).toMatch(/^ARG NODE_IMAGE=node:\$\{NODE_VERSION\}-slim$/m);
    expect(DOCKERFILE.match(/^FROM \$\{NODE_IMAGE\} AS \w+$/gm)).toHaveLength(2);
    expect(readmeContainerCommands()[0]).toBe(
      'podman build --format docker --build-arg NODE_VERSION="$(cat .nvmrc)" -t ohlc-api .',
    );
  });

  it('installs production dependencies only in the runtime stage, runs unprivileged, checks /health/live and lets node take SIGTERM', () => {
    const runtime = DOCKERFILE.split(/^FROM .* AS runtime$/m)[1];
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/health\/live/m);
    // Exec form: node is PID 1 with its own SIGTERM handler, no shell in between.
    expect(runtime).toMatch(/^CMD \["node", "dist\/apps\/api\/src\/main\.js"\]$/m);
  });
});

const engine = probeContainerEngine(LINE);
const suite = engine.usable ? describe : describe.skip;
if (!engine.usable) {
  process.stderr.write(
    `\nSkipping the container build-and-run suite: ${engine.reason}. ` +
      'The Dockerfile is still linted (npm run lint, and above).\n\n',
  );
}

suite('Container image: built and run with podman (e2e)', () => {
  const secret = 'container-e2e-secret-0123456789';
  let l2: DynaliteProcess;
  let table: TestTable;
  let base: string;
  const [build, run, healthcheck, stop] = readmeContainerCommands();

  /** A README command through bash from the repository root, with the variables it reads. */
  const sh = (command: string, env: Record<string, string> = {}, timeoutMs = 60_000) =>
    spawnSync('bash', ['-c', command], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: timeoutMs,
    });

  beforeAll(async () => {
    expect(readmeContainerCommands()).toHaveLength(4);
    const built = sh(build, {}, 20 * 60_000);
    expect(built.stderr + built.stdout).toContain('ohlc-api');
    expect(built.status).toBe(0);
    l2 = await DynaliteProcess.start();
    table = await openTestTable(l2.endpoint, 'container-ohlc-cache', () => l2.stop());
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const started = sh(run, {
      PORT: String(port),
      API_KEYS: `e2e:user:${secret}`,
      OHLC_CACHE_TABLE: table.tableName,
      DYNAMODB_ENDPOINT: l2.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    expect(started.stderr).toBe('');
    const deadline = Date.now() + 60_000;
    while (sh(healthcheck).status !== 0) {
      if (Date.now() > deadline)
        throw new Error(`never healthy:\n${sh('podman logs ohlc-api').stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }, 25 * 60_000);

  afterAll(async () => {
    sh('podman rm -f ohlc-api');
    await table?.close();
  });

  it('serves candles with a key and refuses without one', async () => {
    const path = '/api/v2/tickers/AAPL/ohlc?range=1M&resolution=D&end_date=2025-11-28';
    const ok = await fetch(base + path, { headers: { authorization: `Bearer ${secret}` } });
    expect(ok.status).toBe(200);
    expect((await fetch(base + path)).status).toBe(401);
  });

  it('keeps its HEALTHCHECK in the image', () => {
    expect(
      sh('podman image inspect ohlc-api --format "{{json .Config.Healthcheck}}"').stdout,
    ).toMatch(/\/health\/live/);
  });

  it('runs as an unprivileged user', () => {
    expect(sh('podman exec ohlc-api id -u').stdout.trim()).not.toBe('0');
  });

  it('stops on SIGTERM through its own handler, exiting 0', () => {
    expect(sh(stop, {}, 60_000).status).toBe(0);
    expect(sh('podman inspect ohlc-api --format "{{.State.ExitCode}}"').stdout.trim()).toBe('0');
  });
});
