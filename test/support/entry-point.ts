import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { killWithThisProcess } from '@app/ohlc-cache/testing';

const REGISTER = join(__dirname, 'swc-register.cjs');
/** `npm start`'s entry point. */
export const API_MAIN = join(__dirname, '../../apps/api/src/main.ts');
/** `npm run cli`'s entry point. */
export const CLI_MAIN = join(__dirname, '../../apps/cli/src/main.ts');

export interface EntryPointOptions {
  readonly args?: readonly string[];
  readonly cwd?: string;
  /** The whole environment but PATH and NO_COLOR: nothing of this process's leaks in. */
  readonly env: Record<string, string>;
}

/**
 * `main` (TypeScript, compiled on load) in its own process, stdout and
 * stderr pipes; killed when this process ends.
 */
export function spawnEntryPoint(main: string, options: EntryPointOptions): ChildProcess {
  const child = spawn(process.execPath, ['--require', REGISTER, main, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) killWithThisProcess(child.pid);
  return child;
}

export interface EntryPointRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Both, in the order they arrived. */
  readonly output: string;
}

/**
 * Runs `main` (see `spawnEntryPoint`) until it exits, or until `until`
 * appears in its output, when it is stopped (SIGTERM). Past `limitMs` it is
 * killed and the run fails.
 */
export function runEntryPoint(
  main: string,
  options: EntryPointOptions & { readonly limitMs: number; readonly until?: string },
): Promise<EntryPointRun> {
  const child = spawnEntryPoint(main, options);
  let [stdout, stderr, output] = ['', '', ''];
  const stopAt = (text: string) => {
    output += text;
    if (options.until && output.includes(options.until)) child.kill('SIGTERM');
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    stopAt(chunk.toString());
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    stopAt(chunk.toString());
  });
  return new Promise<EntryPointRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      const awaited = options.until ? ` or print "${options.until}"` : '';
      const command = [main, ...(options.args ?? [])].join(' ');
      reject(
        new Error(`${command} did not exit${awaited} within ${options.limitMs} ms:\n${output}`),
      );
    }, options.limitMs);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr, output });
    });
  });
}
