import type { Provider } from '@nestjs/common';
import { createCache } from 'cache-manager';
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

export const l1Providers: Provider[] = [
  {
    provide: L1_CACHE_MANAGER,
    inject: [OHLC_CACHE_OPTIONS],
    useFactory: ({ l1 }: OhlcCacheModuleOptions) =>
      createCache({
        stores: [
          new Keyv({
            store: new CacheableMemory({ lruSize: l1?.maxEntries ?? DEFAULT_MAX_ENTRIES }),
          }),
        ],
      }),
  },
  {
    provide: L1_CACHE,
    inject: [L1_CACHE_MANAGER, ClockPort],
    useFactory: (cache: ReturnType<typeof createCache>, clock: ClockPort) =>
      new MemoryCandleStore(cache, clock),
  },
];
