import type { Candle } from '@app/ohlc-core';
import { weekdaySessionCandleStart } from '../testing/weekday-session';
import { aggregateCandles, targetCandleStart } from './session-grid-aggregation';

/** Tuesday 2025-06-03 in New York (EDT): 09:30 is 13:30Z. */
const at = (hh: number, mm: number) => Date.UTC(2025, 5, 3, hh + 4, mm);
const half = (hh: number, mm: number, p: Partial<Candle> = {}): Candle => ({
  start: at(hh, mm),
  open: 10,
  high: 11,
  low: 9,
  close: 10.5,
  volume: 100,
  ...p,
});

describe(targetCandleStart.name, () => {
  it.each([
    ['09:30', at(9, 30), at(9, 30)],
    ['10:00', at(10, 0), at(9, 30)],
    ['10:30', at(10, 30), at(10, 30)],
    ['15:30', at(15, 30), at(15, 30)],
  ])('puts the 30-minute bar at %s into the hour on the session grid', (_, start, expected) => {
    expect(targetCandleStart('60', '30', start, weekdaySessionCandleStart)).toBe(expected);
  });

  it('finds no hour for a bar outside the session', () => {
    expect(targetCandleStart('60', '30', at(9, 0), weekdaySessionCandleStart)).toBeUndefined();
    expect(targetCandleStart('60', '30', at(16, 0), weekdaySessionCandleStart)).toBeUndefined();
  });
});

describe(aggregateCandles.name, () => {
  const sut = (candles: Candle[]) =>
    aggregateCandles(candles, '60', '30', weekdaySessionCandleStart);

  it('makes an hour of two halves: first open, last close, extremes, summed volume', () => {
    const hours = sut([
      half(9, 30, { open: 10, high: 12, low: 9.5, close: 11, volume: 100 }),
      half(10, 0, { open: 11, high: 11.5, low: 8.5, close: 9, volume: 250 }),
    ]);

    expect(hours).toEqual([
      { start: at(9, 30), open: 10, high: 12, low: 8.5, close: 9, volume: 350 },
    ]);
  });

  it('keeps every hour of a session, the last one made of 15:30-16:00 alone', () => {
    const session = [9, 10, 11, 12, 13, 14, 15].flatMap((hh) => [half(hh, 0), half(hh, 30)]);

    const hours = sut(session.slice(1));

    expect(hours.map((c) => c.start)).toEqual([9, 10, 11, 12, 13, 14, 15].map((h) => at(h, 30)));
    expect(hours[6]).toEqual({ ...half(15, 30), start: at(15, 30) });
    expect(hours[0].volume).toBe(200);
  });

  it('forms an hour from whichever half exists', () => {
    const hours = sut([half(10, 0, { open: 7, close: 8, high: 8, low: 7 }), half(10, 30)]);

    expect(hours).toEqual([
      { start: at(9, 30), open: 7, high: 8, low: 7, close: 8, volume: 100 },
      { ...half(10, 30) },
    ]);
  });

  it('leaves the volume out when a half has none', () => {
    const noVolume = { ...half(10, 0), volume: undefined };

    expect(sut([half(9, 30), noVolume])[0]).not.toHaveProperty('volume');
  });

  it('drops bars no hour holds', () => {
    expect(sut([half(9, 0), half(16, 0)])).toEqual([]);
  });
});
