import { ByteBoundedLru, type LruLimits } from './byte-bounded-lru';

/** What Keyv hands its store when it does not serialise: the value and its expiry. */
interface KeyvRecord {
  readonly value?: unknown;
  readonly expires?: number;
}

/**
 * A Keyv store (the `Map`-like adapter shape Keyv accepts) that keeps values
 * by reference in a `ByteBoundedLru`, so L1's bound is in bytes rather than
 * entries: `CacheableMemory`, cache-manager's usual store, counts entries.
 * `sizeOf` prices one stored value (Keyv's record around it costs nothing
 * worth counting).
 */
export class ByteBoundedStore {
  /** Set by Keyv; keys arrive already prefixed with it. */
  namespace?: string;
  private readonly lru: ByteBoundedLru<KeyvRecord>;

  constructor(limits: LruLimits, sizeOf: (key: string, value: unknown) => number) {
    this.lru = new ByteBoundedLru(limits, (key, record) => sizeOf(key, record.value));
  }

  /** Bytes held, as `sizeOf` priced them. */
  get bytes(): number {
    return this.lru.bytes;
  }

  /** Entries held. */
  get size(): number {
    return this.lru.size;
  }

  get(key: string): KeyvRecord | undefined {
    return this.lru.get(key);
  }

  getMany(keys: string[]): (KeyvRecord | undefined)[] {
    return keys.map((key) => this.lru.get(key));
  }

  set(key: string, record: KeyvRecord): boolean {
    this.lru.set(key, record);
    return true;
  }

  has(key: string): boolean {
    return this.lru.has(key);
  }

  delete(key: string): boolean {
    return this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }
}
