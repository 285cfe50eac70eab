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

/** The New York wall-clock time (`hh:mm`) of a UTC ISO instant. */
export function newYorkTime(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-US', {
    timeZone: 'America/New_York',
    hour12: false,
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** The starts of a full session's hourly candles on the 09:30 grid, New York time. */
export const FULL_SESSION_HOURS = ['09:30', '10:30', '11:30', '12:30', '13:30', '14:30', '15:30'];
