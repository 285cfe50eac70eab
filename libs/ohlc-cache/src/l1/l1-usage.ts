import { Injectable } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { InjectL1CacheManager } from '../ohlc-cache.decorators';
import { ByteBoundedStore } from './byte-bounded.store';

export interface L1Size {
  /** Entries held (see `L1Options.maxEntries` for what one is). */
  readonly entries: number;
  /** Bytes those entries take, as the byte bound counts them (`L1Options.maxBytes`). */
  readonly bytes: number;
}

/**
 * How much L1 holds, for metrics. Only the default byte-bounded store can be
 * measured; an app's own cache-manager stores (Redis, ...) tell nothing here.
 */
@Injectable()
export class L1Usage {
  constructor(@InjectL1CacheManager() private readonly cache: Cache) {}

  /** Undefined when L1 is not the default in-memory store. */
  measure(): L1Size | undefined {
    const [keyv, ...others] = this.cache.stores;
    const store: unknown = keyv?.store;
    if (others.length > 0 || !(store instanceof ByteBoundedStore)) return undefined;
    return { entries: store.size, bytes: store.bytes };
  }
}
