import type { FixedClock } from '@app/market-hours/testing';
import type { Sleeper } from '../../apps/cli/src/warm/sleeper.port';

/** Waits by moving the test's clock, at once, and remembers each wait. */
export class ClockSleeper implements Sleeper {
  readonly waits: number[] = [];

  constructor(private readonly clock: FixedClock) {}

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.waits.push(ms);
    this.clock.advance(ms);
    return Promise.resolve();
  }
}
