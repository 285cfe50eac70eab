import type { StoredCandle } from '@app/ohlc-core';

/** What a watcher of a series is told, in the order it happens. */
export type LiveEvent =
  /** The forming candle changed (`final` false), or a candle closed (`final` true). */
  | { readonly kind: 'candle'; readonly candle: StoredCandle; readonly final: boolean }
  /** The market is closed (no polling): when it opens next, epoch ms. */
  | { readonly kind: 'market'; readonly state: 'closed'; readonly nextOpen: number }
  /** A poll did not reach upstream (rate limited, upstream down): why, and when it may again. */
  | { readonly kind: 'skipped'; readonly reason: string; readonly retryAt?: number };

/** Receives a series' events; must not throw (a watcher that fails is the stream's to drop). */
export type LiveListener = (event: LiveEvent) => void;
