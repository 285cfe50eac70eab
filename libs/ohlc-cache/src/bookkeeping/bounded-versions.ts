import { RecentlySetMap } from './recently-set-map';

/**
 * Version numbers per key that a reader may note and compare later ("has
 * anything bumped this key since?"), in bounded memory. Every bump takes the
 * next value of one counter shared by all keys. A key never bumped, or whose
 * entry was dropped to stay within the bound, reads as the floor, which is
 * raised to a fresh counter value whenever entries are dropped. So a noted
 * version reads the same again only if the key was not bumped since: a bump
 * gives a value above every earlier one, and a dropped key reads as a floor
 * newer than all of them. A drop can make an unbumped key look bumped (its
 * reader reads again, a response is not reused), never the reverse
 * (docs/architecture.md#bounded-bookkeeping).
 */
export class BoundedVersions {
  private counter = 0;
  private floor = 0;
  private readonly versions: RecentlySetMap<number>;

  /** @param maxKeys most keys whose own version is kept. */
  constructor(maxKeys: number) {
    this.versions = new RecentlySetMap(maxKeys, () => (this.floor = ++this.counter));
  }

  get size(): number {
    return this.versions.size;
  }

  of(key: string): number {
    return this.versions.get(key) ?? this.floor;
  }

  bump(key: string): void {
    this.versions.set(key, ++this.counter);
  }
}
