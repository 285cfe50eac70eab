import { LocalDate, LocalTime } from '@js-joda/core';
import type { IrregularSession } from './market-date';
import { newYorkInstant } from './new-york-time';
import { NyseCalendar, type Session } from './nyse-calendar';
import {
  easterSunday,
  NYSE_FIRST_YEAR,
  NYSE_LAST_YEAR,
  nyseClosures,
  nyseIrregularSessions,
} from './nyse-holidays';
import { NYSE_ONE_OFF_SESSIONS } from './nyse-one-off-sessions';

const HOUR_MS = 3_600_000;
const YEARS = Array.from(
  { length: NYSE_LAST_YEAR - NYSE_FIRST_YEAR + 1 },
  (_, i) => NYSE_FIRST_YEAR + i,
);

describe(NyseCalendar.name, () => {
  const sut = new NyseCalendar();
  const sessions = YEARS.flatMap((year) => sut.sessions(year));
  const irregular = new Map<string, IrregularSession>(
    YEARS.flatMap((year) => nyseIrregularSessions(year)).map((s) => [s.date, s]),
  );

  it(`trades on roughly 250 days a year from ${NYSE_FIRST_YEAR} to ${NYSE_LAST_YEAR}`, () => {
    for (const year of YEARS) {
      expect(sut.sessions(year).length).toBeGreaterThanOrEqual(245);
      expect(sut.sessions(year).length).toBeLessThanOrEqual(254);
    }
  });

  it('never has a session on a Saturday or Sunday', () => {
    const weekend = sessions.filter((s) => [0, 6].includes(new Date(s.date).getUTCDay()));
    expect(weekend).toEqual([]);
  });

  it('lists sessions oldest first, one per date, none overlapping', () => {
    const unordered = sessions.filter(
      (s, i) => i > 0 && !(s.date > sessions[i - 1].date && s.open > sessions[i - 1].close),
    );
    expect(unordered).toEqual([]);
  });

  it('runs 09:30-16:00 New York (13:30Z or 14:30Z for 6.5 h) on every date not listed as irregular', () => {
    const regular = sessions.filter((s) => !irregular.has(s.date));
    const opens = new Set(regular.map((s) => new Date(s.open).toISOString().slice(11, 16)));

    expect([...opens].sort()).toEqual(['13:30', '14:30']);
    expect(regular.filter((s) => s.close - s.open !== 6.5 * HOUR_MS)).toEqual([]);
    expect(regular.filter((s) => s.earlyClose || s.regularOpen !== s.open)).toEqual([]);
  });

  it('gives every irregular date its listed New York hours', () => {
    const wrong = [...irregular.values()].filter((listed) => {
      const day = LocalDate.parse(listed.date);
      const session = sut.session(listed.date);
      return (
        session?.open !== newYorkInstant(day, LocalTime.parse(listed.open)) ||
        session.close !== newYorkInstant(day, LocalTime.parse(listed.close)) ||
        session.regularOpen !== newYorkInstant(day, LocalTime.of(9, 30))
      );
    });
    expect(wrong).toEqual([]);
  });

  it('makes the short days by rule 4.5 h long through 1992 and 3.5 h since 1993', () => {
    const oneOffs = new Set(NYSE_ONE_OFF_SESSIONS.map((s) => s.date));
    const byRule = sessions.filter((s) => s.earlyClose && !oneOffs.has(s.date));
    const length = (s: Session): number => (s.date < '1993' ? 4.5 : 3.5) * HOUR_MS;

    expect(byRule.filter((s) => s.date < '1993').length).toBe(4);
    expect(byRule.filter((s) => s.close - s.open !== length(s))).toEqual([]);
  });

  it('lists one-off sessions only on trading days, inside 09:30-16:00 and in date order', () => {
    const dates = NYSE_ONE_OFF_SESSIONS.map((s) => s.date);
    const misplaced = NYSE_ONE_OFF_SESSIONS.filter(
      (s) =>
        !sut.isTradingDay(s.date) ||
        !(s.open >= '09:30' && s.open < s.close && s.close <= '16:00') ||
        !/^\d\d:\d\d$/.test(s.open) ||
        !/^\d\d:\d\d$/.test(s.close),
    );

    expect(misplaced).toEqual([]);
    expect(dates).toEqual([...new Set(dates)].sort());
  });

  it.each(YEARS)('closes for exactly one Good Friday in %i', (year) => {
    const goodFridays = nyseClosures(year).filter((d) => d.name === 'Good Friday');
    expect(goodFridays.map((d) => d.date)).toEqual([easterSunday(year).minusDays(2).toString()]);
    expect(sut.isTradingDay(goodFridays[0].date)).toBe(false);
  });

  it('keeps the Friday before a Saturday New Year open', () => {
    const saturdayNewYears = YEARS.filter(
      (year) => year > NYSE_FIRST_YEAR && LocalDate.of(year, 1, 1).dayOfWeek().value() === 6,
    );
    expect(saturdayNewYears).toEqual(expect.arrayContaining([1994, 2000, 2005, 2011, 2022]));
    for (const year of saturdayNewYears) {
      expect(sut.isTradingDay(`${year - 1}-12-31`)).toBe(true);
    }
  });

  it('closes the Monday after a Sunday New Year', () => {
    for (const year of YEARS.filter((y) => LocalDate.of(y, 1, 1).dayOfWeek().value() === 7)) {
      expect(sut.isTradingDay(`${year}-01-02`)).toBe(false);
    }
  });

  it('only closes for Martin Luther King Jr. Day from 1998 and Juneteenth from 2022', () => {
    expect(sut.isTradingDay('1997-01-20')).toBe(true);
    expect(sut.isTradingDay('1998-01-19')).toBe(false);
    expect(sut.isTradingDay('2021-06-18')).toBe(true);
    expect(sut.isTradingDay('2022-06-20')).toBe(false);
  });

  it('refuses years it has no rules for', () => {
    expect(() => sut.session(`${NYSE_FIRST_YEAR - 1}-12-29`)).toThrow(RangeError);
    expect(() => sut.holidays(NYSE_LAST_YEAR + 1)).toThrow(RangeError);
  });
});
