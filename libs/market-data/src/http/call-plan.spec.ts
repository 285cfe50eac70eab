import { DAY_MS } from '@app/ohlc-core';
import { weekdaySessionCandleStart } from '../testing/weekday-session';
import { planCalls } from './call-plan';

const MONDAY = Date.UTC(2025, 5, 2);
const day = (n: number) => MONDAY + n * DAY_MS;

describe(planCalls.name, () => {
  it('packs whole days up to the bar limit (78 five-minute bars a day)', () => {
    const sut = planCalls({ from: day(0), to: day(7) }, '5', 160, weekdaySessionCandleStart);

    expect(sut).toEqual([
      { from: day(0), to: day(2) },
      { from: day(2), to: day(4) },
      { from: day(4), to: day(5) },
    ]);
  });

  it('asks for nothing when no candle is expected (a weekend)', () => {
    expect(planCalls({ from: day(5), to: day(7) }, '1', 2000, weekdaySessionCandleStart)).toEqual(
      [],
    );
  });

  it('gives a day with more bars than the limit a call of its own', () => {
    const sut = planCalls({ from: day(0), to: day(2) }, '1', 100, weekdaySessionCandleStart);

    expect(sut).toEqual([
      { from: day(0), to: day(1) },
      { from: day(1), to: day(2) },
    ]);
  });

  it('skips the days without candles between pieces', () => {
    const sut = planCalls({ from: day(4), to: day(8) }, '60', 7, weekdaySessionCandleStart);

    expect(sut).toEqual([
      { from: day(4), to: day(5) },
      { from: day(7), to: day(8) },
    ]);
  });

  it('keeps to the requested bounds inside a day', () => {
    const from = day(1) + 15 * 3_600_000;
    const to = day(2) + 15 * 3_600_000;

    expect(planCalls({ from, to }, '15', 2000, weekdaySessionCandleStart)).toEqual([{ from, to }]);
  });

  it('asks nothing for the part of a UTC day before its session (a New York day window)', () => {
    // Tuesday 00:00 to 24:00 New York is 04:00Z Tuesday to 04:00Z Wednesday.
    const newYorkTuesday = { from: day(1) + 4 * 3_600_000, to: day(2) + 4 * 3_600_000 };

    expect(planCalls(newYorkTuesday, '5', 78, weekdaySessionCandleStart)).toEqual([
      { from: newYorkTuesday.from, to: day(2) },
    ]);
  });

  it('still asks for a grazed part that holds a candle start', () => {
    const lateMonday = { from: day(0) + 19 * 3_600_000 + 55 * 60_000, to: day(1) };

    expect(planCalls(lateMonday, '5', 78, weekdaySessionCandleStart)).toEqual([lateMonday]);
    expect(
      planCalls(
        { ...lateMonday, from: day(0) + 20 * 3_600_000 },
        '5',
        78,
        weekdaySessionCandleStart,
      ),
    ).toEqual([]);
  });

  it('covers a daily range with one call when unbounded', () => {
    const sut = planCalls({ from: day(-2), to: day(12) }, 'D', Infinity, weekdaySessionCandleStart);

    expect(sut).toEqual([{ from: day(0), to: day(12) }]);
  });

  it('returns nothing for an empty range', () => {
    expect(planCalls({ from: day(1), to: day(1) }, 'D', Infinity, () => true)).toEqual([]);
  });
});
