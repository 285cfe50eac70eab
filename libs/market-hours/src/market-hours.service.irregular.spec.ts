import { type IntradayResolution, intradayMs, isIntraday, RESOLUTIONS } from '@app/ohlc-core';
import { MarketHoursService } from './market-hours.service';
import { NyseCalendar } from './nyse-calendar';
import { NYSE_ONE_OFF_SESSIONS } from './nyse-one-off-sessions';
import { FixedClock } from './testing';

const at = (iso: string): number => Date.parse(iso);
const utcDate = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 16);
const span = (from: string, to: string) => ({ from: at(from), to: at(to) });
const INTRADAY = RESOLUTIONS.filter((r): r is IntradayResolution => isIntraday(r));

/*
 * Sessions the NYSE opened late or closed early (nyse-one-off-sessions.ts).
 * 2001-09-17 opened 09:33 EDT (13:33Z), 2002-09-11 12:00 EDT (16:00Z),
 * 1996-01-08 11:00-14:00 EST (16:00Z-19:00Z), 1994-02-11 closed 14:30 EST
 * (19:30Z), 2005-06-01 15:56 EDT (19:56Z).
 */
describe(MarketHoursService.name, () => {
  const sut = new MarketHoursService(new FixedClock('2025-03-10T15:00:00Z'), new NyseCalendar());

  describe('isOpen on an irregular session', () => {
    it.each([
      ['2001-09-17T13:32:59.999Z', false, 'before a 09:33 open'],
      ['2001-09-17T13:33:00Z', true, 'at a 09:33 open'],
      ['2002-09-11T15:59:59.999Z', false, 'before a 12:00 open'],
      ['2002-09-11T16:00:00Z', true, 'at a 12:00 open'],
      ['1994-02-11T19:29:59.999Z', true, 'before a 14:30 close'],
      ['1994-02-11T19:30:00Z', false, 'at a 14:30 close'],
      ['1996-01-08T15:59:59.999Z', false, 'before an 11:00 open'],
      ['1996-01-08T18:59:59.999Z', true, 'before a 14:00 close'],
      ['1996-01-08T19:00:00Z', false, 'at a 14:00 close'],
      ['1990-12-24T19:00:00Z', false, 'at a 14:00 Christmas Eve close'],
    ])('at %s is %s (%s)', (instant, open) => {
      expect(sut.isOpen(at(instant))).toBe(open);
    });
  });

  describe('nextOpen and nextClose on an irregular session', () => {
    it.each([
      ['2002-09-10T21:00:00Z', '2002-09-11T16:00:00Z', 'the evening before a 12:00 open'],
      ['2002-09-11T13:30:00Z', '2002-09-11T16:00:00Z', 'at the regular open of a 12:00 open'],
      ['2001-09-10T21:00:00Z', '2001-09-17T13:33:00Z', 'over the September 11 closure'],
      ['1995-12-15T21:00:00Z', '1995-12-18T15:30:00Z', 'over a weekend to a 10:30 open'],
    ])('nextOpen after %s is %s (%s)', (after, expected) => {
      expect(sut.nextOpen(at(after))).toBe(at(expected));
    });

    it.each([
      ['1997-10-27T15:00:00Z', '1997-10-27T20:30:00Z', 'a 15:30 close'],
      ['2005-06-01T14:00:00Z', '2005-06-01T19:56:00Z', 'a 15:56 close'],
      ['1990-12-24T15:00:00Z', '1990-12-24T19:00:00Z', 'a 14:00 Christmas Eve'],
      ['1999-12-31T15:00:00Z', '1999-12-31T18:00:00Z', 'a 13:00 New Year’s Eve'],
      ['1996-01-08T12:00:00Z', '1996-01-08T19:00:00Z', 'before an 11:00-14:00 session'],
    ])('nextClose after %s is %s (%s)', (after, expected) => {
      expect(sut.nextClose(at(after))).toBe(at(expected));
    });
  });

  describe('intraday grid on a late open', () => {
    it('labels the first candle at the grid point before the open; it holds trading from the open', () => {
      expect(sut.sessionCandleStarts('2001-09-17', '5').slice(0, 3).map(iso)).toEqual([
        '2001-09-17T13:30',
        '2001-09-17T13:35',
        '2001-09-17T13:40',
      ]);
      expect(sut.candleStart('5', at('2001-09-17T13:33:00Z'))).toBe(at('2001-09-17T13:30:00Z'));
      expect(sut.candleStart('5', at('2001-09-17T13:34:59Z'))).toBe(at('2001-09-17T13:30:00Z'));
      expect(sut.candleEnd('5', at('2001-09-17T13:30:00Z'))).toBe(at('2001-09-17T13:35:00Z'));
      expect(sut.candleStart('5', at('2001-09-17T13:35:00Z'))).toBe(at('2001-09-17T13:35:00Z'));
    });

    it('has no candle before the open, though the first one is labelled earlier', () => {
      expect(sut.candleStart('5', at('2001-09-17T13:32:00Z'))).toBeUndefined();
      expect(sut.candleStart('60', at('2002-09-11T15:45:00Z'))).toBeUndefined();
    });

    it('keeps the hours on the 09:30 grid after a 12:00 open', () => {
      expect(sut.sessionCandleStarts('2002-09-11', '60').map(iso)).toEqual([
        '2002-09-11T15:30',
        '2002-09-11T16:30',
        '2002-09-11T17:30',
        '2002-09-11T18:30',
        '2002-09-11T19:30',
      ]);
      expect(sut.candleStart('60', at('2002-09-11T16:20:00Z'))).toBe(at('2002-09-11T15:30:00Z'));
      expect(sut.candleEnd('60', at('2002-09-11T15:30:00Z'))).toBe(at('2002-09-11T16:30:00Z'));
      expect(sut.candleStart('60', at('2002-09-11T16:45:00Z'))).toBe(at('2002-09-11T16:30:00Z'));
    });

    it('starts at the open when the open falls on the grid (10:30, hourly)', () => {
      expect(sut.sessionCandleStarts('1995-12-18', '60').map(iso)).toEqual([
        '1995-12-18T15:30',
        '1995-12-18T16:30',
        '1995-12-18T17:30',
        '1995-12-18T18:30',
        '1995-12-18T19:30',
        '1995-12-18T20:30',
      ]);
    });

    it.each<[IntradayResolution, string, boolean, string]>([
      ['5', '2001-09-17T13:25:00Z', false, 'a bucket that ends before the open'],
      ['5', '2001-09-17T13:30:00Z', true, 'the bucket holding the open'],
      ['1', '2001-09-17T13:30:00Z', false, 'a minute before the open'],
      ['1', '2001-09-17T13:33:00Z', true, 'the open'],
      ['5', '2001-09-17T13:33:00Z', false, 'the open, off the 5-minute grid'],
      ['5', '2001-09-17T13:35:00Z', true, 'the next grid point'],
      ['60', '2002-09-11T14:30:00Z', false, 'an hour that ends before the open'],
      ['60', '2002-09-11T15:30:00Z', true, 'the hour holding the open'],
      ['60', '2002-09-11T16:00:00Z', false, 'the open, off the hourly grid'],
      ['60', '2002-09-11T16:30:00Z', true, 'the next grid point'],
    ])('at resolution %s, %s is a candle start: %s (%s)', (resolution, start, expected) => {
      expect(sut.isCandleStart(resolution, at(start))).toBe(expected);
    });
  });

  describe('intraday grid on an early close', () => {
    it.each([
      ['1994-02-11', '60', 5, '1994-02-11T18:30', '1994-02-11T19:30'],
      ['1997-10-27', '60', 6, '1997-10-27T19:30', '1997-10-27T20:30'],
      ['2005-06-01', '5', 78, '2005-06-01T19:55', '2005-06-01T19:56'],
      ['1996-01-08', '60', 4, '1996-01-08T18:30', '1996-01-08T19:00'],
      ['1990-12-24', '30', 9, '1990-12-24T18:30', '1990-12-24T19:00'],
    ] as const)('%s at resolution %s has %i candles, the last %s-%s', (date, res, n, last, end) => {
      const starts = sut.sessionCandleStarts(date, res);

      expect(starts).toHaveLength(n);
      expect(iso(starts[n - 1])).toBe(last);
      expect(iso(sut.candleEnd(res, starts[n - 1]))).toBe(end);
    });
  });

  describe('tradingSpans and candleSlots on an irregular session', () => {
    it('spans a late session from the label of its first candle', () => {
      const day = span('2002-09-11T04:00:00Z', '2002-09-12T04:00:00Z');

      expect(sut.tradingSpans('60', day)).toEqual([span('2002-09-11T15:30Z', '2002-09-11T20:00Z')]);
      expect(sut.candleSlots('60', day)).toBe(5);
      expect(sut.tradingSpans('1', day)).toEqual([span('2002-09-11T16:00Z', '2002-09-11T20:00Z')]);
    });

    it('begins a range that starts inside the first bucket at the next grid point', () => {
      const whole = span('2001-09-17T13:30:00Z', '2001-09-17T13:41:00Z');
      const inside = span('2001-09-17T13:31:00Z', '2001-09-17T13:41:00Z');

      expect(sut.tradingSpans('5', whole)).toEqual([whole]);
      expect(sut.candleSlots('5', whole)).toBe(3);
      expect(sut.tradingSpans('5', inside)).toEqual([
        span('2001-09-17T13:35Z', '2001-09-17T13:41Z'),
      ]);
      expect(sut.candleSlots('5', inside)).toBe(2);
    });

    it('ends a span at an early close', () => {
      const day = span('1994-02-11T05:00:00Z', '1994-02-12T05:00:00Z');

      expect(sut.tradingSpans('1', day)).toEqual([span('1994-02-11T14:30Z', '1994-02-11T19:30Z')]);
      expect(sut.candleSlots('1', day)).toBe(300);
    });
  });

  describe('daily candles of an irregular session', () => {
    it('end, and close, at the session close', () => {
      expect(sut.candleEnd('D', utcDate('1994-02-11'))).toBe(at('1994-02-11T19:30:00Z'));
      expect(sut.candleEnd('D', utcDate('2002-09-11'))).toBe(at('2002-09-11T20:00:00Z'));
      expect(sut.isCandleClosed('D', utcDate('1996-01-08'), at('1996-01-08T18:59:00Z'))).toBe(
        false,
      );
      expect(sut.isCandleClosed('D', utcDate('1996-01-08'), at('1996-01-08T19:00:00Z'))).toBe(true);
    });

    it('are keyed by the date even before a late open', () => {
      expect(sut.candleStart('D', at('2002-09-11T14:00:00Z'))).toBe(utcDate('2002-09-11'));
    });
  });

  // Every listed session at every resolution: the grid, the slots and the
  // candle-start check must describe the same candles, every one on the grid.
  describe.each(NYSE_ONE_OFF_SESSIONS.map((s) => s.date))('the %s session', (date) => {
    it.each(INTRADAY)('agrees with itself at resolution %s', (resolution) => {
      const session = sut.session(date)!;
      const step = intradayMs(resolution);
      const starts = sut.sessionCandleStarts(date, resolution);
      const ends = starts.map((s) => sut.candleEnd(resolution, s));

      expect(starts[0]).toBeLessThanOrEqual(session.open);
      expect(starts[0] + step).toBeGreaterThan(session.open);
      expect(ends.slice(0, -1)).toEqual(starts.slice(1));
      expect(ends[ends.length - 1]).toBe(session.close);
      expect(starts.every((s) => (s - session.regularOpen) % step === 0)).toBe(true);
      expect(sut.candleStart(resolution, session.open)).toBe(starts[0]);
      expect(
        starts.every(
          (s) =>
            sut.isCandleStart(resolution, s) &&
            sut.candleStart(resolution, Math.max(s, session.open)) === s,
        ),
      ).toBe(true);
      expect(
        sut.candleSlots(resolution, { from: sut.nyDayStart(date), to: session.close + 1 }),
      ).toBe(starts.length);
    });
  });
});
