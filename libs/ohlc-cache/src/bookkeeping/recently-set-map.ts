/**
 * A map of at most `maxKeys` entries: past that, the least recently set half
 * is dropped at once (one sweep per `maxKeys / 2` new keys rather than one
 * per key). For bookkeeping kept per series or per ticker, whose keys anyone
 * can multiply by asking for new tickers.
 */
export class RecentlySetMap<V> {
  private readonly entries = new Map<string, V>();

  /**
   * @param maxKeys most entries kept (at least 2).
   * @param onDrop called after entries were dropped.
   */
  constructor(
    private readonly maxKeys: number,
    private readonly onDrop: () => void = () => undefined,
  ) {
    if (!(maxKeys >= 2)) throw new Error(`maxKeys must be at least 2, got ${maxKeys}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    // Deleting first moves the key to the end of the map's order: the most recently set.
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size <= this.maxKeys) return;
    let excess = this.entries.size - Math.floor(this.maxKeys / 2);
    for (const oldest of this.entries.keys()) {
      if (excess-- <= 0) break;
      this.entries.delete(oldest);
    }
    this.onDrop();
  }
}
