/**
 * One pending promise per key: whoever asks for a key while its promise is
 * still pending shares it instead of starting the same work again. Settled
 * promises are forgotten, so the next ask starts afresh.
 */
export class SharedPromises<T> {
  private readonly pending = new Map<string, Promise<T>>();

  /** Whether a promise for `key` is pending. */
  has(key: string): boolean {
    return this.pending.has(key);
  }

  share(key: string, start: () => Promise<T>): Promise<T> {
    const running = this.pending.get(key);
    if (running) return running;
    const started = start();
    this.pending.set(key, started);
    const forget = () => this.pending.delete(key);
    started.then(forget, forget);
    return started;
  }
}
