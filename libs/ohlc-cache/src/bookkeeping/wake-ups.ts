import { deferred, type Deferred } from './deferred';

/** Promises per key that `wake` settles, for waiters that would otherwise only poll. */
export class WakeUps {
  private readonly waiting = new Map<string, Deferred<void>>();

  /** Resolves at the next `wake(key)`. */
  next(key: string): Promise<void> {
    let entry = this.waiting.get(key);
    if (!entry) {
      entry = deferred<void>();
      this.waiting.set(key, entry);
    }
    return entry.promise;
  }

  wake(key: string): void {
    this.waiting.get(key)?.resolve();
    this.waiting.delete(key);
  }
}
