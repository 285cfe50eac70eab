import type { Candle, Resolution } from '@app/ohlc-core';
import { MarketHoursService, NyseCalendar, type ClockPort } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import { syntheticCandles } from '@app/market-data/testing';

/** The calendar the app runs on, read at `clock`. */
export function nyseHours(clock: ClockPort): MarketHoursService {
  return new MarketHoursService(clock, new NyseCalendar());
}

/** Which instants start a candle does not depend on the time: any clock will do. */
const grid = nyseHours(new FixedClock(0));

/** Whether `start` begins a `resolution` candle of an NYSE session. */
export const isNyseCandleStart = grid.isCandleStart.bind(grid);

/** A synthetic candle for every NYSE session candle starting in [`from`, `to`) (UTC ISO instants). */
export function sessionCandles(resolution: Resolution, from: string, to: string): Candle[] {
  return syntheticCandles(
    resolution,
    { from: Date.parse(from), to: Date.parse(to) },
    isNyseCandleStart,
  );
}
