import type { Provider } from '@nestjs/common';
import { createCache, type Cache } from 'cache-manager';
import { CacheableMemory } from 'cacheable';
import { Keyv } from 'keyv';
import { ClockPort } from '@app/market-hours';
import { OHLC_CACHE_OPTIONS } from '../ohlc-cache.module-definition';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';
import { L1_CACHE } from '../ohlc-cache.port';
import { MemoryCandleStore } from './memory-candle.store';

/** The cache-manager instance behind L1; disconnected on shutdown. */
export const L1_CACHE_MANAGER = Symbol('OhlcCache.L1CacheManager');

const DEFAULT_MAX_ENTRIES = 10_000;

/** cache-manager over a bounded in-memory LRU store of `maxEntries` entries. */
export function createL1Cache(maxEntries: number): Cache {
  return createCache({
    stores: [
      // Entries are immutable (the store only ever replaces them), so they
      // are kept by reference: no serialising or cloning on every hit.
      new Keyv({
        store: new CacheableMemory({ lruSize: maxEntries, useClone: false }),
        serialize: undefined,
        deserialize: undefined,
      }),
    ],
  });
}

export const l1Providers: Provider[] = [
  {
    provide: L1_CACHE_MANAGER,
    inject: [OHLC_CACHE_OPTIONS],
    useFactory: ({ l1 }: OhlcCacheModuleOptions) =>
      createL1Cache(l1?.maxEntries ?? DEFAULT_MAX_ENTRIES),
  },
  {
    provide: L1_CACHE,
    inject: [L1_CACHE_MANAGER, ClockPort],
    useFactory: (cache: Cache, clock: ClockPort) => new MemoryCandleStore(cache, clock),
  },
];
