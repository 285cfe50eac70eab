import { NyseCalendar } from './nyse-calendar';
import { MarketHoursService } from './market-hours.service';
import { FixedClock } from './testing';

const at = (iso: string): number => Date.parse(iso);
const utcDate = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);

describe(MarketHoursService.name, () => {
  let clock: FixedClock;
  let sut: MarketHoursService;

  beforeEach(() => {
    clock = new FixedClock('2025-03-10T15:00:00Z');
    sut = new MarketHoursService(clock, new NyseCalendar());
  });

  it('reads now from the clock', () => {
    clock.advance(1_000);

    expect(sut.now()).toBe(at('2025-03-10T15:00:01Z'));
  });

  describe('daylight saving time', () => {
    it.each([
      ['2025-03-07', '2025-03-07T14:30:00Z', 'EST, before the March change'],
      ['2025-03-10', '2025-03-10T13:30:00Z', 'EDT, after the March change'],
      ['2025-10-31', '2025-10-31T13:30:00Z', 'EDT, before the November change'],
      ['2025-11-03', '2025-11-03T14:30:00Z', 'EST, after the November change'],
    ])('opens %s at %s (%s)', (date, open) => {
      expect(sut.session(date)?.open).toBe(at(open));
    });

    it('follows the rules in force at the time (DST began in April until 2007)', () => {
      expect(sut.session('2006-03-31')?.open).toBe(at('2006-03-31T14:30:00Z'));
      expect(sut.session('2007-03-12')?.open).toBe(at('2007-03-12T13:30:00Z'));
    });

    it('starts the New York day at local midnight on either side of the change', () => {
      expect(sut.nyDayStart('2025-03-09')).toBe(at('2025-03-09T05:00:00Z'));
      expect(sut.nyDayStart('2025-03-10')).toBe(at('2025-03-10T04:00:00Z'));
    });
  });

  describe('nyDate', () => {
    it('is the New York date, which lags UTC in the evening', () => {
      expect(sut.nyDate(at('2025-03-08T03:00:00Z'))).toBe('2025-03-07');
      expect(sut.nyDate(at('2025-03-08T05:00:00Z'))).toBe('2025-03-08');
    });
  });

  describe('nyDateStartUtc', () => {
    it("is 00:00Z of the New York date, the start of that date's daily candle", () => {
      expect(sut.nyDateStartUtc(at('2025-03-08T03:00:00Z'))).toBe(at('2025-03-07T00:00:00Z'));
      expect(sut.nyDateStartUtc(at('2025-03-08T05:00:00Z'))).toBe(at('2025-03-08T00:00:00Z'));
    });
  });

  describe('isOpen and sessionAt', () => {
    it('is open from the open up to, not including, the close', () => {
      expect(sut.isOpen(at('2025-03-10T13:29:59.999Z'))).toBe(false);
      expect(sut.isOpen(at('2025-03-10T13:30:00Z'))).toBe(true);
      expect(sut.isOpen(at('2025-03-10T19:59:59.999Z'))).toBe(true);
      expect(sut.isOpen(at('2025-03-10T20:00:00Z'))).toBe(false);
    });

    it('defaults to the clock', () => {
      expect(sut.isOpen()).toBe(true);
      clock.set('2025-03-08T15:00:00Z');
      expect(sut.isOpen()).toBe(false);
    });

    it('is closed after 13:00 ET on an early-close day', () => {
      expect(sut.isOpen(at('2025-11-28T17:59:00Z'))).toBe(true);
      expect(sut.isOpen(at('2025-11-28T18:00:00Z'))).toBe(false);
    });

    it('returns the containing session', () => {
      expect(sut.sessionAt(at('2025-03-10T15:00:00Z'))).toEqual({
        date: '2025-03-10',
        open: at('2025-03-10T13:30:00Z'),
        close: at('2025-03-10T20:00:00Z'),
        regularOpen: at('2025-03-10T13:30:00Z'),
        earlyClose: false,
      });
      expect(sut.sessionAt(at('2025-12-25T15:00:00Z'))).toBeUndefined();
    });
  });

  describe('tradingDays', () => {
    it('lists trading dates inclusively across holidays and a year end', () => {
      expect(sut.tradingDays('2025-12-22', '2026-01-05')).toEqual([
        '2025-12-22',
        '2025-12-23',
        '2025-12-24',
        '2025-12-26',
        '2025-12-29',
        '2025-12-30',
        '2025-12-31',
        '2026-01-02',
        '2026-01-05',
      ]);
    });

    it('is empty for a reversed range or a closed day', () => {
      expect(sut.tradingDays('2025-03-10', '2025-03-07')).toEqual([]);
      expect(sut.tradingDays('2025-12-25', '2025-12-25')).toEqual([]);
    });

    it('rejects a malformed date', () => {
      expect(() => sut.tradingDays('2025-3-1', '2025-03-07')).toThrow(RangeError);
    });
  });

  describe('nextOpen', () => {
    it.each([
      ['2025-03-10T12:00:00Z', '2025-03-10T13:30:00Z', 'before the open'],
      ['2025-03-10T13:30:00Z', '2025-03-11T13:30:00Z', 'exactly at the open'],
      ['2025-03-07T21:00:00Z', '2025-03-10T13:30:00Z', 'over a weekend and the DST change'],
      ['2025-11-28T18:00:00Z', '2025-12-01T14:30:00Z', 'after an early close before a weekend'],
      ['2025-12-24T19:00:00Z', '2025-12-26T14:30:00Z', 'over Christmas'],
      ['2025-12-31T21:00:00Z', '2026-01-02T14:30:00Z', 'over New Year'],
      ['2026-07-02T21:00:00Z', '2026-07-06T13:30:00Z', 'over an observed Independence Day'],
    ])('after %s is %s (%s)', (after, expected) => {
      expect(sut.nextOpen(at(after))).toBe(at(expected));
    });
  });

  describe('nextClose', () => {
    it.each([
      ['2025-03-10T15:00:00Z', '2025-03-10T20:00:00Z', 'during a session'],
      ['2025-03-10T20:00:00Z', '2025-03-11T20:00:00Z', 'exactly at the close'],
      ['2025-12-24T15:00:00Z', '2025-12-24T18:00:00Z', 'during an early-close session'],
      ['2025-03-08T15:00:00Z', '2025-03-10T20:00:00Z', 'on a weekend'],
      ['2025-04-17T21:00:00Z', '2025-04-21T20:00:00Z', 'over Good Friday'],
    ])('after %s is %s (%s)', (after, expected) => {
      expect(sut.nextClose(at(after))).toBe(at(expected));
    });
  });

  describe('candleStart and candleEnd', () => {
    it('aligns intraday candles to the 09:30 ET open', () => {
      expect(sut.candleStart('15', at('2025-03-10T13:44:59Z'))).toBe(at('2025-03-10T13:30:00Z'));
      expect(sut.candleStart('15', at('2025-03-10T13:45:00Z'))).toBe(at('2025-03-10T13:45:00Z'));
      expect(sut.candleStart('60', at('2025-03-10T14:00:00Z'))).toBe(at('2025-03-10T13:30:00Z'));
    });

    it('cuts the last 60-minute candle, 15:30 ET, at the 16:00 close', () => {
      const start = sut.candleStart('60', at('2025-03-10T19:45:00Z'));

      expect(start).toBe(at('2025-03-10T19:30:00Z'));
      expect(sut.candleEnd('60', at('2025-03-10T19:30:00Z'))).toBe(at('2025-03-10T20:00:00Z'));
    });

    it('ends the last 5-minute candle of an early-close day at 13:00 ET', () => {
      const start = sut.candleStart('5', at('2025-11-28T17:59:59Z'));

      expect(start).toBe(at('2025-11-28T17:55:00Z'));
      expect(sut.candleEnd('5', at('2025-11-28T17:55:00Z'))).toBe(at('2025-11-28T18:00:00Z'));
      expect(sut.candleEnd('60', at('2025-11-28T17:30:00Z'))).toBe(at('2025-11-28T18:00:00Z'));
    });

    it('has no intraday candle outside a session', () => {
      expect(sut.candleStart('1', at('2025-03-10T13:29:59Z'))).toBeUndefined();
      expect(sut.candleStart('1', at('2025-03-10T20:00:00Z'))).toBeUndefined();
      expect(sut.candleStart('1', at('2025-12-25T15:00:00Z'))).toBeUndefined();
    });

    it('keys a daily candle by 00:00Z of its New York trading date, at any hour of that date', () => {
      expect(sut.candleStart('D', at('2025-03-10T12:00:00Z'))).toBe(utcDate(2025, 3, 10));
      expect(sut.candleStart('D', at('2025-03-11T02:00:00Z'))).toBe(utcDate(2025, 3, 10));
      expect(sut.candleStart('D', at('2025-03-08T15:00:00Z'))).toBeUndefined();
    });

    it('ends a daily candle at its session close', () => {
      expect(sut.candleEnd('D', utcDate(2025, 3, 10))).toBe(at('2025-03-10T20:00:00Z'));
      expect(sut.candleEnd('D', utcDate(2025, 12, 24))).toBe(at('2025-12-24T18:00:00Z'));
    });

    it('ends a daily candle of a date without a session at the end of its New York day', () => {
      expect(sut.candleEnd('D', utcDate(2025, 12, 25))).toBe(at('2025-12-26T05:00:00Z'));
    });
  });

  describe('isCandleClosed', () => {
    it('closes a candle once its end has passed, cut at the session close', () => {
      const last = at('2025-03-10T19:30:00Z');

      expect(sut.isCandleClosed('60', last, at('2025-03-10T19:59:59.999Z'))).toBe(false);
      expect(sut.isCandleClosed('60', last, at('2025-03-10T20:00:00Z'))).toBe(true);
    });

    it('closes a daily candle when the session closes, by the clock by default', () => {
      clock.set('2025-12-24T17:59:00Z');
      expect(sut.isCandleClosed('D', utcDate(2025, 12, 24))).toBe(false);

      clock.set('2025-12-24T18:00:00Z');
      expect(sut.isCandleClosed('D', utcDate(2025, 12, 24))).toBe(true);
    });
  });

  describe('sessionCandleStarts', () => {
    it.each([
      ['2025-03-10', '1', 390],
      ['2025-11-28', '1', 210],
      ['2025-03-10', '5', 78],
      ['2025-03-10', '15', 26],
      ['2025-03-10', '30', 13],
      ['2025-03-10', '60', 7],
      ['2025-11-28', '60', 4],
      ['2025-03-08', '5', 0],
      ['2025-12-25', '60', 0],
    ] as const)('on %s at resolution %s has %i candles', (date, resolution, count) => {
      expect(sut.sessionCandleStarts(date, resolution)).toHaveLength(count);
    });

    it('runs from the open to the last start before the close', () => {
      const starts = sut.sessionCandleStarts('2025-03-10', '1');

      expect(starts[0]).toBe(at('2025-03-10T13:30:00Z'));
      expect(starts[starts.length - 1]).toBe(at('2025-03-10T19:59:00Z'));
    });

    it('is the date at 00:00Z for daily candles', () => {
      expect(sut.sessionCandleStarts('2025-03-10', 'D')).toEqual([utcDate(2025, 3, 10)]);
      expect(sut.sessionCandleStarts('2025-03-08', 'D')).toEqual([]);
    });
  });

  describe('isCandleStart', () => {
    it.each([
      ['5', '2025-03-10T13:30:00Z', true],
      ['5', '2025-03-10T19:55:00Z', true],
      ['5', '2025-03-10T13:32:00Z', false],
      ['5', '2025-03-10T20:00:00Z', false],
      ['60', '2025-03-10T14:00:00Z', false],
      ['60', '2025-03-10T14:30:00Z', true],
      ['1', '2025-12-25T15:00:00Z', false],
      ['D', '2025-03-10T00:00:00Z', true],
      ['D', '2025-03-10T04:00:00Z', false],
      ['D', '2025-03-08T00:00:00Z', false],
      ['D', '1985-03-11T00:00:00Z', false],
    ] as const)('at resolution %s, %s is %s', (resolution, start, expected) => {
      expect(sut.isCandleStart(resolution, at(start))).toBe(expected);
    });

    it('rejects timestamps that are not instants', () => {
      expect(sut.isCandleStart('5', NaN)).toBe(false);
      expect(sut.isCandleStart('D', Number.MAX_VALUE)).toBe(false);
      expect(sut.isCandleStart('5', at('2025-03-10T13:30:00Z') + 0.5)).toBe(false);
    });
  });

  describe('tradingSpans and candleSlots', () => {
    const span = (from: string, to: string) => ({ from: at(from), to: at(to) });

    it('lists each session of an intraday range, cut to the range', () => {
      // Wed 2025-11-26 full day, Thu 27 Thanksgiving, Fri 28 closes 13:00.
      const range = span('2025-11-26T15:00:00Z', '2025-12-01T15:00:00Z');
      expect(sut.tradingSpans('5', range)).toEqual([
        span('2025-11-26T15:00:00Z', '2025-11-26T21:00:00Z'),
        span('2025-11-28T14:30:00Z', '2025-11-28T18:00:00Z'),
        span('2025-12-01T14:30:00Z', '2025-12-01T15:00:00Z'),
      ]);
      // 72 + 42 + 6 five-minute slots.
      expect(sut.candleSlots('5', range)).toBe(120);
      // The hourly candle at 15:30 is cut at the close, and still one slot.
      expect(sut.candleSlots('60', span('2025-11-26T00:00:00Z', '2025-11-27T00:00:00Z'))).toBe(7);
    });

    it('lists trading dates of a daily range as UTC days', () => {
      const range = span('2025-11-24T00:00:00Z', '2025-12-01T00:00:00Z');
      expect(sut.tradingSpans('D', range).map((s) => new Date(s.from).toISOString())).toEqual([
        '2025-11-24T00:00:00.000Z',
        '2025-11-25T00:00:00.000Z',
        '2025-11-26T00:00:00.000Z',
        '2025-11-28T00:00:00.000Z',
      ]);
      expect(sut.candleSlots('D', range)).toBe(4);
    });

    it('starts each span at a candle start, so a range inside one candle has none', () => {
      expect(sut.tradingSpans('5', span('2025-11-26T15:02:00Z', '2025-11-26T15:04:00Z'))).toEqual(
        [],
      );
      expect(sut.tradingSpans('5', span('2025-11-26T15:02:00Z', '2025-11-26T15:12:00Z'))).toEqual([
        span('2025-11-26T15:05:00Z', '2025-11-26T15:12:00Z'),
      ]);
      expect(sut.candleSlots('5', span('2025-11-26T15:02:00Z', '2025-11-26T15:12:00Z'))).toBe(2);
      expect(sut.tradingSpans('D', span('2025-11-26T12:00:00Z', '2025-11-27T12:00:00Z'))).toEqual(
        [],
      );
    });

    it('finds nothing in a weekend, a holiday or an empty range', () => {
      expect(sut.tradingSpans('1', span('2025-11-29T00:00:00Z', '2025-12-01T05:00:00Z'))).toEqual(
        [],
      );
      expect(sut.tradingSpans('D', span('2025-12-25T00:00:00Z', '2025-12-26T00:00:00Z'))).toEqual(
        [],
      );
      expect(sut.tradingSpans('D', span('2025-12-26T00:00:00Z', '2025-12-26T00:00:00Z'))).toEqual(
        [],
      );
    });
  });
});
