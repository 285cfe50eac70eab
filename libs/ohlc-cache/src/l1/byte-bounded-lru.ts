/** Bounds of a `ByteBoundedLru`. */
export interface LruLimits {
  /** Most bytes the values may take together, as `sizeOf` counts them. */
  readonly maxBytes: number;
  /** Most values held, whatever their size; unbounded when absent. */
  readonly maxEntries?: number;
}

interface Slot<V> {
  readonly value: V;
  readonly bytes: number;
}

/**
 * A least-recently-used map bounded by the bytes its values take (and
 * optionally their number). `sizeOf` says what one key and value cost; a
 * value larger than the whole bound is not kept.
 */
export class ByteBoundedLru<V> {
  /** Oldest first: a Map iterates in insertion order, and a use reinserts. */
  private readonly slots = new Map<string, Slot<V>>();
  private used = 0;

  constructor(
    private readonly limits: LruLimits,
    private readonly sizeOf: (key: string, value: V) => number,
  ) {}

  /** Bytes held, as `sizeOf` counted them. */
  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.slots.size;
  }

  /** The value, now the most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.value;
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  set(key: string, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(key, value);
    if (bytes > this.limits.maxBytes) return;
    this.slots.set(key, { value, bytes });
    this.used += bytes;
    const maxEntries = this.limits.maxEntries ?? Infinity;
    for (const [oldest, slot] of this.slots) {
      if (this.used <= this.limits.maxBytes && this.slots.size <= maxEntries) break;
      this.slots.delete(oldest);
      this.used -= slot.bytes;
    }
  }

  delete(key: string): boolean {
    const slot = this.slots.get(key);
    if (!slot) return false;
    this.slots.delete(key);
    this.used -= slot.bytes;
    return true;
  }

  clear(): void {
    this.slots.clear();
    this.used = 0;
  }
}
