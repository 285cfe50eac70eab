import { setTimeout } from 'node:timers/promises';
import type { Sleeper } from './sleeper.port';

/** `Sleeper` on Node's timers. */
export class TimerSleeper implements Sleeper {
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    await setTimeout(ms, undefined, { signal });
  }
}
