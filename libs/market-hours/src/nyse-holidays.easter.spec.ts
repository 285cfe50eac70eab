import { easterSunday } from './nyse-holidays';

describe(easterSunday.name, () => {
  // Western (Gregorian) Easter dates, including the earliest and latest possible ones.
  it.each([
    [1990, '1990-04-15'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2038, '2038-04-25'],
    [2049, '2049-04-18'],
    [2077, '2077-04-11'],
    [2100, '2100-03-28'],
  ])('is on %i-%s', (year, date) => {
    expect(easterSunday(year).toString()).toBe(date);
  });
});
