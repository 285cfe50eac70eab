import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, runEntryPoint, type EntryPointRun } from './support/entry-point';

/** Longest a start may take here before the test gives up on it, in ms. */
const START_LIMIT_MS = 20_000;

/**
 * Runs `main.ts` as `npm start` would (its own process, the real bootstrap)
 * until it exits, or until `until` appears in its output, when it is stopped.
 */
function runMain(env: Record<string, string>, until?: string): Promise<EntryPointRun> {
  const cwd = mkdtempSync(join(tmpdir(), 'ohlc-startup-'));
  return runEntryPoint(API_MAIN, {
    cwd,
    env: { EMBEDDED_DYNAMODB_PATH: join(cwd, 'dynamodb'), PORT: '0', ...env },
    limitMs: START_LIMIT_MS,
    until,
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
