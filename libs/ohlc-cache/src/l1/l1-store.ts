import type { CacheManagerOptions } from '@nestjs/cache-manager';
import { Keyv } from 'keyv';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';
import { ByteBoundedStore } from './byte-bounded.store';
import { CandleBucket } from './candle-bucket';
import { sharedL1Tier } from './shared-tier';

export const DEFAULT_L1_MAX_BYTES = 256 * 2 ** 20;
export const DEFAULT_L1_MAX_ENTRIES = 10_000;

/** Heap bytes of one L1 entry and its key (JavaScript strings are UTF-16). */
export function l1EntrySize(key: string, value: unknown): number {
  const entry = value instanceof CandleBucket ? value.byteSize : 0;
  return 2 * key.length + entry;
}

/**
 * The default L1 store: an in-memory LRU bounded by `maxBytes` of compact
 * candle buckets and by `maxEntries` entries, whichever binds first.
 */
export function createL1Store(
  maxBytes = DEFAULT_L1_MAX_BYTES,
  maxEntries = DEFAULT_L1_MAX_ENTRIES,
): Keyv {
  // Entries are immutable (the store only ever replaces them), so they are
  // kept by reference: no serialising or cloning on every hit.
  return new Keyv({
    store: new ByteBoundedStore({ maxBytes, maxEntries }, l1EntrySize),
    serialize: undefined,
    deserialize: undefined,
  });
}

/**
 * What `@nestjs/cache-manager` builds L1's cache-manager from: the app's
 * stores, else the default store, followed by the shared tier when there is one.
 */
export function l1CacheManagerOptions({ l1 }: OhlcCacheModuleOptions): CacheManagerOptions {
  if (l1?.stores) return { stores: l1.stores };
  const memory = createL1Store(l1?.maxBytes, l1?.maxEntries);
  return { stores: l1?.shared ? [memory, sharedL1Tier(l1.shared)] : [memory] };
}

/** Fewest series tracked: a tiny L1 still leaves room for the series in flight. */
const MIN_TRACKED_SERIES = 1_000;

/** `L1Options.maxTrackedSeries` as given, else its default. */
export function maxTrackedSeries(options: OhlcCacheModuleOptions): number {
  return (
    options.l1?.maxTrackedSeries ??
    Math.max(MIN_TRACKED_SERIES, options.l1?.maxEntries ?? DEFAULT_L1_MAX_ENTRIES)
  );
}
