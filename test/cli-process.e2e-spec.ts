import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_MAIN, runEntryPoint, type EntryPointRun } from './support/entry-point';

/** Longest one command may take here, in ms. */
const RUN_LIMIT_MS = 30_000;

/**
 * The CLI's real entry point in its own process, stdout a pipe (not a
 * terminal), on the demo provider and an embedded L2 in `dir`.
 */
function cli(dir: string, ...args: string[]): Promise<EntryPointRun> {
  return runEntryPoint(CLI_MAIN, {
    args,
    cwd: dir,
    env: { EMBEDDED_DYNAMODB_PATH: join(dir, 'dynamodb'), DEMO_LATENCY_MS: '0' },
    limitMs: RUN_LIMIT_MS,
  });
}

/** `npm run cli` runs this entry point (built); here it is compiled on load, as main.ts is in startup.e2e-spec. */
describe('CLI process (e2e)', () => {
  jest.setTimeout(2 * RUN_LIMIT_MS);
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ohlc-cli-process-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints plain progress lines and a summary table when stdout is not a terminal', async () => {
    const run = await cli(dir, 'warm', 'AAPL', 'MSFT', '--resolution', 'D', '--range', '1W');

    expect(run.exitCode).toBe(0);
    // Nothing redrawn: no carriage returns, no cursor movement, every line complete.
    expect(run.stdout).not.toContain('\r');
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stdout.endsWith('\n')).toBe(true);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^Warming 2 series from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(2 windows\)$/,
    );
    expect(lines.slice(1, 5)).toEqual([
      expect.stringMatching(/^\[1\/2\] AAPL D \S+\.\.\S+: \d+ candles$/),
      expect.stringMatching(/^\[1\/2\] AAPL D done: \d+ candles written, 1 upstream call, /),
      expect.stringMatching(/^\[2\/2\] MSFT D \S+\.\.\S+: \d+ candles$/),
      expect.stringMatching(/^\[2\/2\] MSFT D done: /),
    ]);
    expect(lines.slice(6)).toEqual([
      expect.stringMatching(/^series +candles written +upstream calls +time +status$/),
      expect.stringMatching(/^-+ +-+ +-+ +-+ +-+$/),
      expect.stringMatching(/^AAPL D +\d+ +1 +\S+ s +done$/),
      expect.stringMatching(/^MSFT D +\d+ +1 +\S+ s +done$/),
      expect.stringMatching(/^total +\d+ +2 +\S+ s +2\/2 done$/),
    ]);
    // Nest's own log lines (the demo warning) go to stderr, keeping stdout for the output.
    expect(run.stderr).toContain('Serving DEMO data');
  });

  it('shows what L2 holds, invalidates it as the admin endpoint does, and shows it gone', async () => {
    const stats = await cli(dir, 'stats', 'aapl');
    expect(stats.exitCode).toBe(0);
    expect(stats.stdout).toMatch(/^ticker +source +res +candles +oldest +newest +covered\n/);
    expect(stats.stdout).toMatch(
      /^AAPL +demo +D +\d+ +\d{4}-\d{2}-\d{2} +\d{4}-\d{2}-\d{2} +\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/m,
    );
    const all = await cli(dir, 'stats', '--json');
    expect(JSON.parse(all.stdout)).toEqual([
      expect.objectContaining({ ticker: 'AAPL', source: 'demo', resolution: 'D' }),
      expect.objectContaining({ ticker: 'MSFT', source: 'demo', resolution: 'D' }),
    ]);

    const invalidate = await cli(dir, 'invalidate', 'AAPL', '--json');
    expect(invalidate.exitCode).toBe(0);
    expect(JSON.parse(invalidate.stdout)).toEqual({
      ticker: 'AAPL',
      resolution: null,
      sources: ['demo'],
      // The week's candles and one coverage item.
      removed: (JSON.parse(all.stdout) as { candles: number }[])[0].candles + 1,
    });
    expect((await cli(dir, 'stats', 'AAPL')).stdout).toBe('L2 holds nothing for AAPL\n');
  });
});
