import { LocalDate } from '@js-joda/core';
import { NyseCalendar } from './nyse-calendar';
import { easterSunday, NYSE_FIRST_YEAR, NYSE_LAST_YEAR, nyseClosures } from './nyse-holidays';

const HOUR_MS = 3_600_000;
const YEARS = Array.from(
  { length: NYSE_LAST_YEAR - NYSE_FIRST_YEAR + 1 },
  (_, i) => NYSE_FIRST_YEAR + i,
);

describe(NyseCalendar.name, () => {
  const sut = new NyseCalendar();
  const sessions = YEARS.flatMap((year) => sut.sessions(year));

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

  it('makes every session 6.5 h long, or 3.5 h on an early close', () => {
    const odd = sessions.filter((s) => s.close - s.open !== (s.earlyClose ? 3.5 : 6.5) * HOUR_MS);
    expect(odd).toEqual([]);
  });

  it('opens at 09:30 New York time, 13:30Z in daylight time and 14:30Z in standard time', () => {
    const opens = new Set(sessions.map((s) => new Date(s.open).toISOString().slice(11, 16)));
    expect([...opens].sort()).toEqual(['13:30', '14:30']);
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
