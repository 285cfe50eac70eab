import { LocalDate, LocalTime } from '@js-joda/core';
import {
  newYorkDate,
  newYorkDateStartUtc,
  newYorkDayStart,
  newYorkInstant,
  newYorkMinuteOn,
  newYorkWallClock,
} from './new-york-time';

describe('new-york-time', () => {
  describe(newYorkMinuteOn.name, () => {
    it.each([
      ['20:00 in summer (EDT)', Date.UTC(2025, 5, 2), 20 * 60, '2025-06-03T00:00:00Z'],
      ['20:00 in winter (EST)', Date.UTC(2025, 0, 6), 20 * 60, '2025-01-07T01:00:00Z'],
      ['20:00 on the spring-forward Sunday', Date.UTC(2025, 2, 9), 20 * 60, '2025-03-10T00:00:00Z'],
      ['02:00 the next day (1440 + 120)', Date.UTC(2025, 5, 2), 1560, '2025-06-03T06:00:00Z'],
      ['midnight', Date.UTC(2025, 5, 2), 0, '2025-06-02T04:00:00Z'],
    ])('places %s', (_, date, minute, expected) => {
      expect(newYorkMinuteOn(date, minute)).toBe(Date.parse(expected));
    });

    it.each([-1, 1.5, NaN])('rejects %p minutes', (minute) => {
      expect(() => newYorkMinuteOn(Date.UTC(2025, 5, 2), minute)).toThrow(RangeError);
    });
  });

  describe(newYorkDateStartUtc.name, () => {
    it.each([
      ['a summer evening, after 00:00Z', Date.UTC(2025, 5, 3, 2, 0), Date.UTC(2025, 5, 2)],
      ['a summer night, after 04:00Z', Date.UTC(2025, 5, 3, 4, 0), Date.UTC(2025, 5, 3)],
      ['a winter evening, before 05:00Z', Date.UTC(2025, 0, 7, 4, 59), Date.UTC(2025, 0, 6)],
      ['the winter open', Date.UTC(2025, 0, 7, 14, 30), Date.UTC(2025, 0, 7)],
    ])('takes the New York date of %s', (_, instant, expected) => {
      expect(newYorkDateStartUtc(instant)).toBe(expected);
    });
  });

  describe(newYorkWallClock.name, () => {
    it.each([
      ['the winter open on a Tuesday', '2025-01-07T14:30:00Z', 2, 9 * 60 + 30],
      ['the summer open on a Friday', '2025-06-06T13:30:00Z', 5, 9 * 60 + 30],
      ['Saturday 01:00 New York, Saturday in UTC too', '2025-12-06T06:00:00Z', 6, 60],
      ['Sunday 23:59 New York, already Monday in UTC', '2025-12-08T04:59:00Z', 7, 23 * 60 + 59],
      ['03:00 on the spring-forward day (02:00 is skipped)', '2025-03-09T07:00:00Z', 7, 3 * 60],
    ])('reads %s', (_, iso, isoWeekday, minuteOfDay) => {
      expect(newYorkWallClock(Date.parse(iso))).toEqual({ isoWeekday, minuteOfDay });
    });

    it('refuses an instant that is not a number', () => {
      expect(() => newYorkWallClock(NaN)).toThrow(RangeError);
    });
  });

  it('turns New York wall-clock times into instants across DST', () => {
    const summer = LocalDate.parse('2025-06-06');
    const winter = LocalDate.parse('2025-12-05');
    expect(newYorkInstant(summer, LocalTime.of(9, 30))).toBe(Date.parse('2025-06-06T13:30:00Z'));
    expect(newYorkInstant(winter, LocalTime.of(9, 30))).toBe(Date.parse('2025-12-05T14:30:00Z'));
    expect(newYorkDayStart(winter)).toBe(Date.parse('2025-12-05T05:00:00Z'));
    expect(newYorkDate(Date.parse('2025-12-06T04:59:59Z')).toString()).toBe('2025-12-05');
  });
});
