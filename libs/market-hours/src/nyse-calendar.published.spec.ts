import { NyseCalendar } from './nyse-calendar';

/*
 * Full closures and 13:00 early closes as published by the exchange on NYSE's
 * "Holidays & Trading Hours" page (nyse.com/markets/hours-calendars) for
 * 2020-2027, including the unscheduled 2025-01-09 closure for President Carter.
 */
const PUBLISHED: Record<number, { closed: string[]; early: string[] }> = {
  2020: {
    closed: [
      '2020-01-01', // New Year's Day
      '2020-01-20', // Martin Luther King Jr. Day
      '2020-02-17', // Washington's Birthday
      '2020-04-10', // Good Friday
      '2020-05-25', // Memorial Day
      '2020-07-03', // Independence Day (observed; July 4 is a Saturday)
      '2020-09-07', // Labor Day
      '2020-11-26', // Thanksgiving Day
      '2020-12-25', // Christmas Day
    ],
    early: ['2020-11-27', '2020-12-24'],
  },
  2021: {
    closed: [
      '2021-01-01',
      '2021-01-18',
      '2021-02-15',
      '2021-04-02',
      '2021-05-31',
      '2021-07-05', // Independence Day (observed; July 4 is a Sunday)
      '2021-09-06',
      '2021-11-25',
      '2021-12-24', // Christmas Day (observed; Dec 25 is a Saturday)
    ],
    early: ['2021-11-26'],
  },
  2022: {
    closed: [
      // No 2021-12-31: New Year's Day 2022 on a Saturday closes no Friday.
      '2022-01-17',
      '2022-02-21',
      '2022-04-15',
      '2022-05-30',
      '2022-06-20', // Juneteenth (observed; June 19 is a Sunday)
      '2022-07-04',
      '2022-09-05',
      '2022-11-24',
      '2022-12-26', // Christmas Day (observed)
    ],
    early: ['2022-11-25'],
  },
  2023: {
    closed: [
      '2023-01-02', // New Year's Day (observed)
      '2023-01-16',
      '2023-02-20',
      '2023-04-07',
      '2023-05-29',
      '2023-06-19',
      '2023-07-04',
      '2023-09-04',
      '2023-11-23',
      '2023-12-25',
    ],
    early: ['2023-07-03', '2023-11-24'],
  },
  2024: {
    closed: [
      '2024-01-01',
      '2024-01-15',
      '2024-02-19',
      '2024-03-29',
      '2024-05-27',
      '2024-06-19',
      '2024-07-04',
      '2024-09-02',
      '2024-11-28',
      '2024-12-25',
    ],
    early: ['2024-07-03', '2024-11-29', '2024-12-24'],
  },
  2025: {
    closed: [
      '2025-01-01',
      '2025-01-09', // National day of mourning for President Carter
      '2025-01-20',
      '2025-02-17',
      '2025-04-18',
      '2025-05-26',
      '2025-06-19',
      '2025-07-04',
      '2025-09-01',
      '2025-11-27',
      '2025-12-25',
    ],
    early: ['2025-07-03', '2025-11-28', '2025-12-24'],
  },
  2026: {
    closed: [
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-04-03',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03', // Independence Day (observed)
      '2026-09-07',
      '2026-11-26',
      '2026-12-25',
    ],
    early: ['2026-11-27', '2026-12-24'],
  },
  2027: {
    closed: [
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-03-26',
      '2027-05-31',
      '2027-06-18', // Juneteenth (observed; June 19 is a Saturday)
      '2027-07-05', // Independence Day (observed)
      '2027-09-06',
      '2027-11-25',
      '2027-12-24', // Christmas Day (observed)
    ],
    early: ['2027-11-26'],
  },
};

const ONE_OFF_CLOSURES = [
  '1994-04-27',
  '2001-09-11',
  '2001-09-12',
  '2001-09-13',
  '2001-09-14',
  '2004-06-11',
  '2007-01-02',
  '2012-10-29',
  '2012-10-30',
  '2018-12-05',
  '2025-01-09',
];

describe(NyseCalendar.name, () => {
  const sut = new NyseCalendar();

  describe.each(Object.entries(PUBLISHED))('%s as published', (year, table) => {
    it('closes on exactly the published dates', () => {
      expect(sut.holidays(Number(year))).toEqual(table.closed);
    });

    it('closes early on exactly the published dates', () => {
      expect(sut.earlyCloses(Number(year))).toEqual(table.early);
    });

    it.each(table.closed)('has no session on %s', (date) => {
      expect(sut.isTradingDay(date)).toBe(false);
      expect(sut.session(date)).toBeUndefined();
    });

    it.each(table.early)('ends the %s session at 13:00 ET', (date) => {
      const session = sut.session(date);
      expect(session).toMatchObject({ date, earlyClose: true });
      expect((session?.close ?? 0) - (session?.open ?? 0)).toBe(3.5 * 3_600_000);
    });
  });

  it.each(ONE_OFF_CLOSURES)('was closed on %s', (date) => {
    expect(sut.isTradingDay(date)).toBe(false);
    expect(sut.holidays(Number(date.slice(0, 4)))).toContain(date);
  });

  it.each([
    ['2019-07-03', 'Wednesday before a Thursday July 4'],
    ['2018-07-03', 'Tuesday before a Wednesday July 4'],
    ['2014-07-03', 'Thursday before a Friday July 4'],
    ['2002-07-05', 'Friday after a Thursday July 4, before the 2013 change'],
    ['2018-12-24', 'Monday Christmas Eve'],
    ['2001-12-24', 'Monday Christmas Eve'],
    ['1997-12-26', 'one-off day after Christmas'],
    ['2003-12-26', 'one-off day after Christmas'],
  ])('closed early on %s (%s)', (date) => {
    expect(sut.session(date)?.earlyClose).toBe(true);
  });

  it.each([
    ['2002-07-03', 'Wednesday before a Thursday July 4 was a full day until 2013'],
    ['2015-07-02', 'Thursday before a Saturday July 4'],
    ['2010-07-02', 'Friday before a Sunday July 4'],
    ['1991-11-29', 'no short day after Thanksgiving before 1992'],
    ['2021-12-31', 'Friday before a Saturday New Year'],
    ['2023-12-22', 'Friday before a Sunday Christmas Eve'],
  ])('had a full session on %s (%s)', (date) => {
    expect(sut.session(date)).toMatchObject({ date, earlyClose: false });
  });
});
