import type { Candle } from '@app/ohlc-core';
import { anyCandleStart, weekdaySessionCandleStart } from '../testing/weekday-session';
import {
  BAD_CORPORATE_ACTION,
  CandleValidator,
  DUPLICATE_START,
  NOT_ON_GRID,
  OUTSIDE_SESSION,
} from './candle-validator';

/** Tuesday 2025-06-03 10:00 New York (EDT). */
const TEN_AM = Date.UTC(2025, 5, 3, 14, 0);
const sound: Candle = { start: TEN_AM, open: 10, high: 11, low: 9, close: 10.5, volume: 100 };

describe(CandleValidator.name, () => {
  const sut = new CandleValidator(weekdaySessionCandleStart);

  it('accepts a sound candle', () => {
    expect(sut.violation('5', sound)).toBeUndefined();
    expect(sut.violation('5', { ...sound, volume: undefined })).toBeUndefined();
    expect(sut.violation('5', { ...sound, volume: 0 })).toBeUndefined();
  });

  it.each<[string, Partial<Candle>, string]>([
    ['unparsable timestamp', { start: NaN }, 'timestamp is not a valid instant'],
    ['non-finite price', { open: Infinity }, 'a price is not a finite number'],
    ['missing price', { close: NaN }, 'a price is not a finite number'],
    ['zero price', { low: 0 }, 'a price is not positive'],
    ['negative price', { open: -1, low: -2 }, 'a price is not positive'],
    ['low above open', { low: 10.2 }, 'low is above open or close'],
    ['high below close', { high: 10.4 }, 'high is below open or close'],
    ['negative volume', { volume: -1 }, 'volume is negative or not a number'],
    ['non-numeric volume', { volume: NaN }, 'volume is negative or not a number'],
    ['start off the grid', { start: TEN_AM + 60_000 }, NOT_ON_GRID],
    ['start outside the session', { start: TEN_AM - 2 * 3_600_000 }, OUTSIDE_SESSION],
    ['zero split factor', { splitFactor: 0 }, BAD_CORPORATE_ACTION],
    ['negative dividend', { divCash: -0.1 }, BAD_CORPORATE_ACTION],
  ])('rejects a row with %s', (_, change, reason) => {
    expect(sut.violation('5', { ...sound, ...change })).toBe(reason);
  });

  it('checks daily starts against 00:00Z', () => {
    const tuesday = Date.UTC(2025, 5, 3);

    expect(sut.violation('D', { ...sound, start: tuesday })).toBeUndefined();
    expect(sut.violation('D', { ...sound, start: tuesday + 13.5 * 3_600_000 })).toBe(NOT_ON_GRID);
  });

  it('leaves the exact hourly anchor to the session predicate', () => {
    const anyStart = new CandleValidator(anyCandleStart);

    expect(anyStart.violation('60', { ...sound, start: TEN_AM - 30 * 60_000 })).toBeUndefined();
    expect(anyStart.violation('60', { ...sound, start: TEN_AM - 15 * 60_000 })).toBe(NOT_ON_GRID);
  });

  it('keeps the sound rows in order and counts the others by reason', () => {
    const rows: Candle[] = [
      sound,
      { ...sound, start: NaN },
      { ...sound, start: TEN_AM + 300_000, high: 1 },
      { ...sound, start: TEN_AM + 600_000 },
      { ...sound, start: NaN },
    ];

    const { candles, dropped } = sut.validate('5', rows);

    expect(candles).toEqual([rows[0], rows[3]]);
    expect(Object.fromEntries(dropped)).toEqual({
      'timestamp is not a valid instant': 2,
      'high is below open or close': 1,
    });
  });

  it('keeps the first sound row of a start and drops and counts the repeats', () => {
    const rows: Candle[] = [
      { ...sound, close: 10.5, high: 1 },
      { ...sound, close: 10.2 },
      { ...sound, start: TEN_AM + 300_000 },
      { ...sound, close: 10.7 },
      { ...sound, close: 10.9 },
    ];

    const { candles, dropped } = sut.validate('5', rows);

    expect(candles).toEqual([rows[1], rows[2]]);
    expect(Object.fromEntries(dropped)).toEqual({
      'high is below open or close': 1,
      [DUPLICATE_START]: 2,
    });
  });
});
