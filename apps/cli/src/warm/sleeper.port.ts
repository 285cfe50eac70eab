import { Inject } from '@nestjs/common';

/** How `warm` waits out an upstream rate limit: real timers, or a test's clock. */
export interface Sleeper {
  /** Resolves after `ms` milliseconds; rejects (an `AbortError`) once `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}
export const Sleeper = Symbol('Cli.Sleeper');

/** Injects the `Sleeper`. */
export const InjectSleeper = (): ParameterDecorator => Inject(Sleeper);
