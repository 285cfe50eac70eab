import type { StoredCandle } from '@app/ohlc-core';

/** `count` sound candles `stepMs` apart from `from`, with prices that differ per candle. */
export function makeCandles(
  from: number,
  stepMs: number,
  count: number,
  fetchedAt = 0,
): StoredCandle[] {
  return Array.from({ length: count }, (_, i) => {
    const open = 100 + i;
    return {
      start: from + i * stepMs,
      open,
      high: open + 2,
      low: open - 1,
      close: open + 1,
      volume: 1_000 + i,
      fetchedAt,
    };
  });
}
