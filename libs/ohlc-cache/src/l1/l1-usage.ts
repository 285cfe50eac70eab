import { Injectable } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { CacheableMemory } from 'cacheable';
import { InjectL1CacheManager } from '../ohlc-cache.decorators';
import type { L1Entry } from './memory-candle.store';

/** Rough heap cost of one cached candle and of one covered span, in bytes (V8 objects of numbers). */
const CANDLE_BYTES = 160;
const SPAN_BYTES = 48;

export interface L1Size {
  /** Entries held (see `L1Options.maxEntries` for what one is). */
  readonly entries: number;
  /** Estimated heap bytes of those entries: candles and spans at a fixed cost each, plus keys. */
  readonly bytes: number;
}

/**
 * How much L1 holds, for metrics. Only the default in-memory store can be
 * measured; an app's own cache-manager stores (Redis, ...) tell nothing here.
 */
@Injectable()
export class L1Usage {
  constructor(@InjectL1CacheManager() private readonly cache: Cache) {}

  /** Undefined when L1 is not the default in-memory store. */
  measure(): L1Size | undefined {
    const [keyv, ...others] = this.cache.stores;
    const store: unknown = keyv?.store;
    if (others.length > 0 || !(store instanceof CacheableMemory)) return undefined;
    let bytes = 0;
    for (const item of store.items) {
      // Keyv keeps `{ value, expires }` around the entry.
      const entry = (item.value as { value?: L1Entry } | undefined)?.value;
      bytes +=
        2 * item.key.length +
        CANDLE_BYTES * (entry?.candles.length ?? 0) +
        SPAN_BYTES * (entry?.covered.length ?? 0);
    }
    return { entries: store.size, bytes };
  }
}
