import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'apps/api/src/main.ts');
const REGISTER = join(__dirname, 'support/swc-register.cjs');
/** Longest a start may take here before the test gives up on it, in ms. */
const START_LIMIT_MS = 20_000;

interface Run {
  readonly exitCode: number | null;
  readonly output: string;
}

/**
 * Runs `main.ts` as `npm start` would (its own process, the real bootstrap)
 * until it exits, or until `until` appears in its output, when it is stopped.
 */
function runMain(env: Record<string, string>, until?: string): Promise<Run> {
  const cwd = mkdtempSync(join(tmpdir(), 'ohlc-startup-'));
  const child = spawn(process.execPath, ['--require', REGISTER, MAIN], {
    cwd,
    env: {
      PATH: process.env.PATH,
      EMBEDDED_DYNAMODB_PATH: join(cwd, 'dynamodb'),
      PORT: '0',
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise<Run>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.ts neither exited nor printed "${until}":\n${output}`));
    }, START_LIMIT_MS);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (until && output.includes(until)) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, output });
    });
  }).finally(() => rmSync(cwd, { recursive: true, force: true }));
}

/** The safe default of docs/api.md#authentication, on the real entry point. */
describe('Start-up without API keys (e2e)', () => {
  it(
    'refuses a non-loopback bind with a clear message and a non-zero exit',
    async () => {
      const run = await runMain({ HOST: '0.0.0.0' });
      expect(run.exitCode).not.toBe(0);
      expect(run.exitCode).not.toBeNull();
      expect(run.output).toContain(
        'Refusing to start: HOST=0.0.0.0 accepts connections from other machines and API_KEYS is empty',
      );
      expect(run.output).toContain('AUTH_DISABLED=true');
      expect(run.output).not.toContain('OHLC API on');
    },
    START_LIMIT_MS + 5_000,
  );

  it(
    'runs open on loopback, warning so at start',
    async () => {
      const run = await runMain({ HOST: '127.0.0.1' }, 'OHLC API on');
      // A JSON log line at warn level (40) from the Auth context.
      expect(run.output).toMatch(
        /"level":40,[^\n]*"context":"Auth","msg":"No API_KEYS: every route is open, allowed only because HOST=127\.0\.0\.1 is loopback/,
      );
      expect(run.output).toContain('OHLC API on http://127.0.0.1:');
    },
    START_LIMIT_MS + 5_000,
  );
});
