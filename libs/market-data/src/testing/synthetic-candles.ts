import type { Candle, Interval, Resolution } from '@app/ohlc-core';
import type { CandleStartPredicate } from '../validation/candle-start-predicate';
import { candleGridMs } from '../validation/candle-grid';

/**
 * One sound candle for every start in `range` the predicate accepts, with
 * prices that differ per candle (so a shifted or duplicated row shows).
 */
export function syntheticCandles(
  resolution: Resolution,
  range: Interval,
  isCandleStart: CandleStartPredicate,
): Candle[] {
  const grid = candleGridMs(resolution);
  const candles: Candle[] = [];
  for (let start = Math.ceil(range.from / grid) * grid; start < range.to; start += grid) {
    if (!isCandleStart(resolution, start)) continue;
    const open = 100 + candles.length / 100;
    const close = open + 0.05;
    candles.push({
      start,
      open,
      high: close + 0.1,
      low: open - 0.1,
      close,
      volume: 1000 + candles.length,
    });
  }
  return candles;
}
