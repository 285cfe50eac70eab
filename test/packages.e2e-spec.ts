import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, sep } from 'node:path';
import { killWithThisProcess } from '@app/ohlc-cache/testing';
import { installOffline } from './support/offline-install';

const ROOT = join(__dirname, '..');
/**
 * Packing (tsc on eight libraries), the offline install and the app's build: about a minute on
 * two idle cores. Each command is bounded too, since a synchronous one holds jest's timer.
 */
const SETUP_LIMIT_MS = 150_000;
const COMMAND_LIMIT_MS = 90_000;
/** Longest the installed app may take to listen, in ms. */
const START_LIMIT_MS = 20_000;
/** What the scratch app imports from the registry itself; the rest comes with the packages. */
const FROM_REGISTRY = ['@nestjs/common', '@nestjs/core', '@nestjs/platform-fastify'];
/**
 * To compile it. `cacheable`: @nestjs/cache-manager's declarations import its types without
 * depending on it, and the app checks every declaration it compiles against (no skipLibCheck).
 */
const TO_BUILD = ['typescript', '@types/node', 'cacheable'];

const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const rangeOf = (name: string) =>
  [name, rootManifest.dependencies[name] ?? rootManifest.devDependencies[name]] as const;

/**
 * What another project's shell would pass on: no NODE_PATH, NODE_OPTIONS or npm_* variables of
 * this run, no PATH entry inside the repository.
 */
function isolatedEnv(home: string): NodeJS.ProcessEnv {
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => relative(ROOT, dir).startsWith('..'));
  return { PATH: path.join(delimiter), HOME: home, NO_COLOR: '1' };
}

/** Runs a command to its end; its output, or an error that shows all of it. */
function run(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    timeout: COMMAND_LIMIT_MS,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n` +
        `${result.stdout}${result.stderr}${result.error?.message ?? ''}`,
    );
  }
  return result.stdout;
}

/** The installed app on a free loopback port, until stopped. */
class AppProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(appDir: string, env: NodeJS.ProcessEnv): Promise<AppProcess> {
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: appDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) killWithThisProcess(child.pid);
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the app did not listen within ${START_LIMIT_MS} ms:\n${output}`));
      }, START_LIMIT_MS);
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        const listening = /listening on (\S+)/.exec(output);
        if (listening) {
          clearTimeout(timer);
          resolve(listening[1]);
        }
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the app exited (${String(code)}) before listening:\n${output}`));
      });
    });
    return new AppProcess(child, url);
  }

  async get<T>(path: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}${path}`);
    return { status: res.status, body: (await res.json()) as T };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }
}

interface CandlesBody {
  layer: string;
  series: { source: string };
  candles: { close: number }[];
}

/**
 * The libraries as another team gets them: `npm run pack:packages` makes the tarballs, a scratch
 * Nest app in a temporary directory outside the repository installs them with npm (offline, see
 * installOffline), compiles against their declarations with no path aliases, and serves its own
 * provider's candles through L1 and L2 (embedded dynalite, from its own node_modules). Its
 * source is test/library-reuse/, which library-reuse.e2e-spec.ts runs inside the repository.
 */
describe('Libraries installed as packages in another app (e2e)', () => {
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'ohlc-packages-')));
  const appDir = join(work, 'app');
  const env = isolatedEnv(join(work, 'home'));
  let packageNames: string[];
  let app: AppProcess | undefined;

  beforeAll(() => {
    const packed = join(work, 'packages');
    run('npm', ['run', 'pack:packages', '--', '--out', packed], ROOT);
    const packages = builtPackages(packed);
    packageNames = packages.map((pkg) => pkg.name);
    mkdirSync(join(appDir, 'tarballs'), { recursive: true });
    for (const { tarball } of packages) {
      copyFileSync(join(packed, tarball), join(appDir, 'tarballs', tarball));
    }
    const fromTarballs = packages.map(
      ({ name, tarball }) => [name, `file:tarballs/${tarball}`] as const,
    );

    cpSync(join(__dirname, 'library-reuse'), join(appDir, 'src'), { recursive: true });
    // Every entry point of every package, so that all their declarations are compiled.
    writeFileSync(
      join(appDir, 'src', 'entry-points.ts'),
      packages
        .flatMap((pkg) => pkg.entryPoints)
        .map((entry, i) => `export * as entry${i} from '${entry}';\n`)
        .join(''),
    );
    writeFileSync(
      join(appDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'ES2023',
          lib: ['ES2023'],
          types: ['node'],
          strict: true,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          skipLibCheck: false,
          rootDir: 'src',
          outDir: 'dist',
        },
        include: ['src'],
      }),
    );
    installOffline(
      appDir,
      {
        name: 'scratch-candles-app',
        version: '1.0.0',
        dependencies: Object.fromEntries([...fromTarballs, ...FROM_REGISTRY.map(rangeOf)]),
        devDependencies: Object.fromEntries(TO_BUILD.map(rangeOf)),
      },
      env,
      COMMAND_LIMIT_MS,
    );
    run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], appDir, env);
  }, SETUP_LIMIT_MS);

  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('runs outside the repository, on its own node_modules only', async () => {
    // Outside this repository: no folder above the app holds the repository's node_modules.
    expect(relative(ROOT, work).startsWith('..')).toBe(true);
    expect(packageNames.sort()).toEqual([
      '@app/candle-data',
      '@app/live-candles',
      '@app/market-data',
      '@app/market-hours',
      '@app/ohlc-cache',
      '@app/ohlc-core',
      '@app/ohlc-query',
      '@app/shared-state',
    ]);
    app = await AppProcess.start(appDir, { ...env, DATA_DIR: join(work, 'dynamodb') });
    const { body } = await app.get<{ modules: string[]; nodePath: string | null }>('/runtime');
    expect(body.nodePath).toBeNull();
    expect(body.modules.filter((file) => !file.startsWith(appDir + sep))).toEqual([]);
    expect(body.modules).toContain(join(appDir, 'node_modules/@app/ohlc-cache/lib/index.js'));
    expect(body.modules).toContain(join(appDir, 'node_modules/dynalite/index.js'));
  });

  it('serves its own provider through L2 and L1', async () => {
    const first = await app!.get<CandlesBody>('/candles/XYZ');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ layer: 'live-api', series: { source: 'fixed-table' } });
    expect(first.body.candles).toHaveLength(3);

    const second = await app!.get<CandlesBody>('/candles/XYZ');
    expect(second.body.layer).toBe('in-memory');
    expect((await app!.get<{ calls: number }>('/provider-calls')).body.calls).toBe(1);
  });

  it('finds what it wrote in L2 after a restart', async () => {
    await app!.stop();
    app = await AppProcess.start(appDir, { ...env, DATA_DIR: join(work, 'dynamodb') });
    const res = await app.get<CandlesBody>('/candles/XYZ');
    expect(res.body.layer).toBe('persistent-cache');
    expect(res.body.candles.map((c) => c.close)).toEqual([11, 12, 13]);
    expect((await app.get<{ calls: number }>('/provider-calls')).body.calls).toBe(0);
  });

  it('loads every entry point of every package', () => {
    expect(run(process.execPath, ['dist/entry-points.js'], appDir, env)).toBe('');
  });
});

interface BuiltPackage {
  readonly name: string;
  /** The file `npm pack` wrote: `app-ohlc-core-0.1.0.tgz` for `@app/ohlc-core` 0.1.0. */
  readonly tarball: string;
  /** `@app/<lib>` and `@app/<lib>/<subpath>`, as its manifest exports them. */
  readonly entryPoints: string[];
}

/** The packages `pack:packages` built in `packed`, from their manifests. */
function builtPackages(packed: string): BuiltPackage[] {
  return readdirSync(packed, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((dir) => {
      const { name, version, exports } = JSON.parse(
        readFileSync(join(packed, dir.name, 'package.json'), 'utf8'),
      ) as { name: string; version: string; exports: Record<string, unknown> };
      return {
        name,
        tarball: `${name.slice(1).replace('/', '-')}-${version}.tgz`,
        entryPoints: Object.entries(exports)
          .filter(([, target]) => typeof target === 'object')
          .map(([subpath]) => `${name}${subpath.slice(1)}`),
      };
    });
}
