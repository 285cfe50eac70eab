import { DAY_MS, type Interval, intradayMs, isIntraday, type Resolution } from '@app/ohlc-core';
import type { CandleStartPredicate } from '../validation/candle-start-predicate';
import { candleGridMs } from '../validation/candle-grid';

/** The longest regular session (NYSE, 09:30–16:00): no trading day holds more intraday candles. */
const LONGEST_SESSION_MS = 6.5 * 3_600_000;

/**
 * Splits `range` into the pieces that one upstream call each can serve:
 * runs of whole UTC days (feeds such as Tiingo take dates, and a US session
 * never crosses 00:00Z) holding at most `maxBarsPerCall` candles.
 *
 * Days that are not trading days (asked once per day, as a daily candle
 * start) are not asked for at all, so a weekend-only range costs no call. A
 * trading day is counted as a full session: asking the predicate about every
 * intraday slot costs more than an upstream call is worth, and an early close
 * only leaves a call less full than it could be. A single day above the limit
 * still gets one call: a date-based feed cannot be asked for less. A day the
 * range only grazes (a window cut at New York midnight reaches into the next
 * UTC day, hours before its session) is asked for only when a candle of the
 * range starts in that part.
 */
export function planCalls(
  range: Interval,
  resolution: Resolution,
  maxBarsPerCall: number,
  isCandleStart: CandleStartPredicate,
): Interval[] {
  const barsPerDay = isIntraday(resolution)
    ? Math.ceil(LONGEST_SESSION_MS / intradayMs(resolution))
    : 1;
  const pieces: { from: number; to: number; bars: number }[] = [];
  for (let day = range.from - (range.from % DAY_MS); day < range.to; day += DAY_MS) {
    if (!isCandleStart('D', day)) continue;
    const part = { from: Math.max(day, range.from), to: Math.min(day + DAY_MS, range.to) };
    const partial = part.to - part.from < DAY_MS;
    if (partial && isIntraday(resolution) && !startsIn(part, resolution, isCandleStart)) continue;
    const last = pieces[pieces.length - 1];
    if (last && last.bars + barsPerDay <= maxBarsPerCall) {
      last.to = day + DAY_MS;
      last.bars += barsPerDay;
    } else {
      pieces.push({ from: day, to: day + DAY_MS, bars: barsPerDay });
    }
  }
  return pieces
    .map((p) => ({ from: Math.max(p.from, range.from), to: Math.min(p.to, range.to) }))
    .filter((p) => p.from < p.to);
}

/** Whether any candle of `resolution` starts in `part` (less than a day: cheap enough to ask per slot). */
function startsIn(part: Interval, resolution: Resolution, isCandleStart: CandleStartPredicate) {
  const grid = candleGridMs(resolution);
  for (let t = Math.ceil(part.from / grid) * grid; t < part.to; t += grid) {
    if (isCandleStart(resolution, t)) return true;
  }
  return false;
}
