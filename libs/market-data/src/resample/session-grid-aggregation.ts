import { type Candle, type IntradayResolution, intradayMs } from '@app/ohlc-core';
import type { CandleStartPredicate } from '../validation/candle-start-predicate';

/**
 * Start of the `target` candle that holds the `source` candle starting at
 * `start`: the latest `target` start at most one `target` length before it.
 * Undefined when it is no `source` candle start (outside a session). Both are on
 * the session grid, so a 30-minute bar at 10:00 belongs to the hour at 09:30.
 */
export function targetCandleStart(
  target: IntradayResolution,
  source: IntradayResolution,
  start: number,
  isCandleStart: CandleStartPredicate,
): number | undefined {
  if (!isCandleStart(source, start)) return undefined;
  const step = intradayMs(source);
  for (let s = start; s > start - intradayMs(target); s -= step) {
    if (isCandleStart(target, s)) return s;
  }
  return undefined;
}

/**
 * `target` candles built from sound `source` candles (oldest first, one per
 * start): open of the first part, close of the last, the highest high, the
 * lowest low and the summed volume (absent when a part lacks it). A target
 * candle forms from whatever parts exist, so an hour whose second half had
 * no trade, or the last hour of a session cut at the close, is kept.
 */
export function aggregateCandles(
  candles: readonly Candle[],
  target: IntradayResolution,
  source: IntradayResolution,
  isCandleStart: CandleStartPredicate,
): Candle[] {
  const out: Candle[] = [];
  for (const part of candles) {
    const start = targetCandleStart(target, source, part.start, isCandleStart);
    if (start === undefined) continue;
    const last = out[out.length - 1];
    if (last?.start !== start) {
      out.push({ ...part, start });
      continue;
    }
    out[out.length - 1] = {
      start,
      open: last.open,
      high: Math.max(last.high, part.high),
      low: Math.min(last.low, part.low),
      close: part.close,
      ...(last.volume !== undefined &&
        part.volume !== undefined && { volume: last.volume + part.volume }),
    };
  }
  return out;
}
