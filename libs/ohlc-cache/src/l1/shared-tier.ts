import { Keyv } from 'keyv';
import type { SharedL1Store } from '../ohlc-cache.options';
import { CandleBucket } from './candle-bucket';

/**
 * The shared L1 tier as a cache-manager store: Keyv over the shared store,
 * each bucket written in `CandleBucket`'s compact encoding, not as JSON.
 */
export function sharedL1Tier(store: SharedL1Store): Keyv {
  return new Keyv({
    store,
    serialize: ({ value }) => (value instanceof CandleBucket ? value.encode() : ''),
    // Keyv's signature is generic in the value; this tier only ever holds buckets.
    deserialize: <Value>(encoded: string) => {
      const value = CandleBucket.decode(encoded);
      return value && { value: value as unknown as Value };
    },
  });
}
