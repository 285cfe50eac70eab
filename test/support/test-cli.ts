import type { TestingModule } from '@nestjs/testing';
import { CliModule } from '../../apps/cli/src/cli.module';
import { runCli } from '../../apps/cli/src/cli-program';
import { Sleeper } from '../../apps/cli/src/warm/sleeper.port';
import { ClockSleeper } from './clock-sleeper';
import type { CountingProvider } from './counting-provider';
import { compileTestModule, type TestAppOptions } from './test-app';

export interface CliRunResult {
  readonly exitCode: number;
  /** Everything written to stdout, then stderr. */
  readonly output: string;
}

export interface TestCli {
  /** The CLI's Nest context (`CliModule`), as `main.ts` builds it, with the test's clock and provider. */
  readonly context: TestingModule;
  readonly provider: CountingProvider;
  /** Rate-limit waits, served by moving the test's clock. */
  readonly sleeper: ClockSleeper;
  /**
   * Runs the CLI with these arguments, output not a terminal. `watch` sees
   * each piece of output and may call `stop`, as Ctrl-C would.
   */
  run(args: string[], watch?: (text: string, stop: () => void) => void): Promise<CliRunResult>;
  close(): Promise<void>;
}

/** The operator CLI in-process, on the same seams as `createTestApp`. */
export async function createTestCli(options: TestAppOptions): Promise<TestCli> {
  const sleeper = new ClockSleeper(options.clock);
  const { moduleRef, provider } = await compileTestModule(CliModule, options, (builder) =>
    builder.overrideProvider(Sleeper).useValue(sleeper),
  );
  const context = await moduleRef.init();
  return {
    context,
    provider,
    sleeper,
    run: async (args, watch) => {
      const stop = new AbortController();
      let out = '';
      let err = '';
      const exitCode = await runCli(args, {
        context: () => Promise.resolve(context),
        signal: stop.signal,
        io: {
          write: (text) => {
            out += text;
            watch?.(text, () => stop.abort());
          },
          error: (text) => {
            err += text;
          },
        },
      });
      return { exitCode, output: out + err };
    },
    close: () => context.close(),
  };
}
