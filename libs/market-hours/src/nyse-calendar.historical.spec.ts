import { NyseCalendar } from './nyse-calendar';

/*
 * The NYSE's irregular sessions of 1990-2006 at their published times, as
 * UTC instants worked out by hand (EST is UTC-5; EDT, UTC-4, ran from the
 * first Sunday of April to the last Sunday of October in those years).
 * PMC: pandas_market_calendars' NYSE calendar and the NYSE closings record it
 * transcribes; XC: exchange_calendars' XNYS. Disagreements are explained in
 * nyse-one-off-sessions.ts.
 */
const PUBLISHED: [date: string, open: string, close: string, what: string][] = [
  ['1990-12-24', '14:30', '19:00', 'Christmas Eve, 14:00 close (PMC, XC)'],
  ['1990-12-27', '16:00', '21:00', 'transformer explosion, 11:00 open (PMC record, UPI)'],
  ['1991-01-17', '14:31', '21:00', 'Gulf troops silence, 09:31 open (PMC)'],
  ['1991-02-25', '14:31', '21:00', 'Gulf troops silence, 09:31 open (PMC)'],
  ['1991-12-24', '14:30', '19:00', 'Christmas Eve, 14:00 close (PMC, XC)'],
  ['1992-11-27', '14:30', '19:00', 'day after Thanksgiving, 14:00 close (PMC, XC)'],
  ['1992-12-24', '14:30', '19:00', 'Christmas Eve, 14:00 close (PMC, XC)'],
  ['1994-02-11', '14:30', '19:30', 'snowstorm, 14:30 close (PMC)'],
  ['1995-12-18', '15:30', '21:00', 'computer troubles, 10:30 open (PMC)'],
  ['1996-01-08', '16:00', '19:00', 'blizzard, 11:00 open and 14:00 close (PMC)'],
  ['1997-10-27', '14:30', '20:30', 'circuit breaker, 15:30 close (PMC)'],
  ['1997-12-26', '14:30', '18:00', 'day after Christmas, 13:00 close (PMC, XC)'],
  ['1999-12-31', '14:30', '18:00', 'Y2K changeover, 13:00 close (XC)'],
  ['2001-09-17', '13:33', '20:00', 'September 11 silence, 09:33 open (PMC)'],
  ['2001-10-08', '13:31', '20:00', 'Enduring Freedom silence, 09:31 open (PMC)'],
  ['2002-09-11', '16:00', '20:00', 'September 11 anniversary, 12:00 open (PMC)'],
  ['2003-03-20', '14:32', '21:00', 'Iraqi Freedom silence, 09:32 open (PMC)'],
  ['2003-12-26', '14:30', '18:00', 'day after Christmas, 13:00 close (PMC, XC)'],
  ['2004-06-07', '13:32', '20:00', 'Reagan silence, 09:32 open (PMC)'],
  ['2005-06-01', '13:30', '19:56', 'systems problem, 15:56 close (PMC)'],
  ['2006-12-27', '14:32', '21:00', 'Ford silence, 09:32 open (PMC)'],
];

describe(NyseCalendar.name, () => {
  const sut = new NyseCalendar();

  it.each(PUBLISHED)('traded %s from %sZ to %sZ (%s)', (date, open, close) => {
    expect(sut.session(date)).toMatchObject({
      date,
      open: Date.parse(`${date}T${open}:00Z`),
      close: Date.parse(`${date}T${close}:00Z`),
    });
  });

  it('lists every published short session among the early closes of its year', () => {
    const early = PUBLISHED.map(([date]) => date).filter((date) => sut.session(date)?.earlyClose);

    expect(early).toEqual([
      '1990-12-24',
      '1991-12-24',
      '1992-11-27',
      '1992-12-24',
      '1994-02-11',
      '1996-01-08',
      '1997-10-27',
      '1997-12-26',
      '1999-12-31',
      '2003-12-26',
      '2005-06-01',
    ]);
    for (const date of early) {
      expect(sut.earlyCloses(Number(date.slice(0, 4)))).toContain(date);
    }
  });

  it('keeps the days before and after a one-off session at regular hours', () => {
    for (const date of ['1990-12-26', '1990-12-28', '2001-09-18', '2002-09-10', '2002-09-12']) {
      const session = sut.session(date);
      expect(session).toMatchObject({ earlyClose: false });
      expect(session?.open).toBe(session?.regularOpen);
    }
  });
});
