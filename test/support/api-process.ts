import { execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');
/** What `npm run start:prod` runs. */
export const BUILT_MAIN = join(ROOT, 'dist/apps/api/src/main.js');
/** What a Lambda function runs (`handler`). */
export const BUILT_LAMBDA = join(ROOT, 'dist/apps/api/src/lambda.js');

/** The production build (`npm run build`), for suites that run what it emits. */
export function buildApi(): void {
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'api'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}

export interface LogLine {
  readonly msg: string;
  readonly context?: string;
  readonly level?: number;
}

/** A JSON log line; anything else (a crash before the logger is up) is kept as its text. */
function parseLine(line: string): LogLine {
  try {
    return JSON.parse(line) as LogLine;
  } catch {
    return { msg: line };
  }
}

/** A process of the built API (server or Lambda host), its JSON log lines collected from stdout. */
export class ApiProcess {
  readonly lines: LogLine[] = [];
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;

  constructor(readonly child: ChildProcess) {
    let rest = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = rest + chunk.toString();
      const complete = text.split('\n');
      rest = complete.pop() ?? '';
      for (const line of complete.filter(Boolean)) this.lines.push(parseLine(line));
      for (const wake of this.waiters) wake();
    });
    this.exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  }

  /** The first line matching `pattern`, waiting up to `ms` for it. */
  async line(pattern: RegExp, ms = 20_000): Promise<LogLine> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.lines.find((l) => pattern.test(l.msg));
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = this.lines.map((l) => l.msg).join('\n');
        throw new Error(`no log line matched ${String(pattern)}; the process wrote:\n${seen}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.add(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** Ends the process if it still runs, and waits for it. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
