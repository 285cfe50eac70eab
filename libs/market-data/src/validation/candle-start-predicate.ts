import type { Resolution } from '@app/ohlc-core';

/**
 * Whether a candle of `resolution` may start at `start` (epoch ms): inside a
 * trading session and on the session's candle grid (for `D`: 00:00Z of a
 * trading date). The service wires it to `MarketHoursService`, so adapters
 * need no calendar of their own.
 */
export type CandleStartPredicate = (resolution: Resolution, start: number) => boolean;
