import type { CacheManagerOptions } from '@nestjs/cache-manager';
import { CacheableMemory } from 'cacheable';
import { Keyv } from 'keyv';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';

export const DEFAULT_L1_MAX_ENTRIES = 10_000;

/** The default L1 store: a bounded in-memory LRU of `maxEntries` entries. */
export function createL1Store(maxEntries = DEFAULT_L1_MAX_ENTRIES): Keyv {
  // Entries are immutable (the store only ever replaces them), so they are
  // kept by reference: no serialising or cloning on every hit.
  return new Keyv({
    store: new CacheableMemory({ lruSize: maxEntries, useClone: false }),
    serialize: undefined,
    deserialize: undefined,
  });
}

/** What `@nestjs/cache-manager` builds L1's cache-manager from: the app's stores, else the default. */
export function l1CacheManagerOptions({ l1 }: OhlcCacheModuleOptions): CacheManagerOptions {
  return { stores: l1?.stores ?? [createL1Store(l1?.maxEntries)] };
}
