import { DayOfWeek, LocalDate, TemporalAdjusters } from '@js-joda/core';
import { type IrregularSession, type MarketDate, NYSE_REGULAR_HOURS } from './market-date';
import { NYSE_ONE_OFF_SESSIONS } from './nyse-one-off-sessions';

/**
 * The NYSE calendar by rule (NYSE Rule 7.2 and the exchange's published
 * holiday tables). Before 1990 the exchange followed rules this file does not
 * model, and past 2100 nobody has checked, so both ends are refused rather
 * than answered wrongly.
 */
export const NYSE_FIRST_YEAR = 1990;
export const NYSE_LAST_YEAR = 2100;

/** Unscheduled full-day closures, from the exchange's historical closings list. */
export const NYSE_ONE_OFF_CLOSURES: readonly MarketDate[] = [
  { date: '1994-04-27', name: 'National day of mourning: Richard Nixon' },
  { date: '2001-09-11', name: 'September 11 attacks' },
  { date: '2001-09-12', name: 'September 11 attacks' },
  { date: '2001-09-13', name: 'September 11 attacks' },
  { date: '2001-09-14', name: 'September 11 attacks' },
  { date: '2004-06-11', name: 'National day of mourning: Ronald Reagan' },
  { date: '2007-01-02', name: 'National day of mourning: Gerald Ford' },
  { date: '2012-10-29', name: 'Hurricane Sandy' },
  { date: '2012-10-30', name: 'Hurricane Sandy' },
  { date: '2018-12-05', name: 'National day of mourning: George H. W. Bush' },
  { date: '2025-01-09', name: 'National day of mourning: Jimmy Carter' },
];

export function isSupportedYear(year: number): boolean {
  return Number.isInteger(year) && year >= NYSE_FIRST_YEAR && year <= NYSE_LAST_YEAR;
}

function assertSupportedYear(year: number): void {
  if (!isSupportedYear(year)) {
    throw new RangeError(
      `The NYSE calendar covers ${NYSE_FIRST_YEAR}-${NYSE_LAST_YEAR}, not ${year}`,
    );
  }
}

/** Gregorian Easter Sunday (anonymous "Meeus/Jones/Butcher" computus). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return LocalDate.of(year, Math.floor(n / 31), (n % 31) + 1);
}

function isMondayToThursday(date: LocalDate): boolean {
  return date.dayOfWeek().value() <= DayOfWeek.THURSDAY.value();
}

/** Rule 7.2: a Saturday holiday closes the Friday before, a Sunday one the Monday after. */
function nearestWeekday(date: LocalDate): LocalDate {
  switch (date.dayOfWeek()) {
    case DayOfWeek.SATURDAY:
      return date.minusDays(1);
    case DayOfWeek.SUNDAY:
      return date.plusDays(1);
    default:
      return date;
  }
}

/**
 * New Year's Day is the Rule 7.2 exception: closing Friday Dec 31 would drop
 * the year-end accounting day, so a Saturday New Year closes nothing.
 */
function newYearsDay(year: number): LocalDate | undefined {
  const jan1 = LocalDate.of(year, 1, 1);
  switch (jan1.dayOfWeek()) {
    case DayOfWeek.SATURDAY:
      return undefined;
    case DayOfWeek.SUNDAY:
      return jan1.plusDays(1);
    default:
      return jan1;
  }
}

function nthWeekday(year: number, month: number, n: number, dow: DayOfWeek): LocalDate {
  return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dow));
}

function lastWeekday(year: number, month: number, dow: DayOfWeek): LocalDate {
  return LocalDate.of(year, month, 1).with(TemporalAdjusters.lastInMonth(dow));
}

function thanksgiving(year: number): LocalDate {
  return nthWeekday(year, 11, 4, DayOfWeek.THURSDAY);
}

function byDate(a: MarketDate, b: MarketDate): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

function inYear<T extends MarketDate>(dates: readonly T[], year: number): T[] {
  const prefix = `${year}-`;
  return dates.filter((d) => d.date.startsWith(prefix));
}

function entry(date: LocalDate, name: string): MarketDate {
  return { date: date.toString(), name };
}

/** Every weekday of the year the exchange does not open, oldest first. */
export function nyseClosures(year: number): MarketDate[] {
  assertSupportedYear(year);
  const out: MarketDate[] = [];
  const newYear = newYearsDay(year);
  if (newYear) out.push(entry(newYear, "New Year's Day"));
  // The exchange first closed for Dr. King's birthday in 1998, twelve years after the federal holiday.
  if (year >= 1998) {
    out.push(entry(nthWeekday(year, 1, 3, DayOfWeek.MONDAY), 'Martin Luther King Jr. Day'));
  }
  out.push(entry(nthWeekday(year, 2, 3, DayOfWeek.MONDAY), "Washington's Birthday"));
  out.push(entry(easterSunday(year).minusDays(2), 'Good Friday'));
  out.push(entry(lastWeekday(year, 5, DayOfWeek.MONDAY), 'Memorial Day'));
  if (year >= 2022) {
    out.push(entry(nearestWeekday(LocalDate.of(year, 6, 19)), 'Juneteenth'));
  }
  out.push(entry(nearestWeekday(LocalDate.of(year, 7, 4)), 'Independence Day'));
  out.push(entry(nthWeekday(year, 9, 1, DayOfWeek.MONDAY), 'Labor Day'));
  out.push(entry(thanksgiving(year), 'Thanksgiving Day'));
  out.push(entry(nearestWeekday(LocalDate.of(year, 12, 25)), 'Christmas Day'));
  out.push(...inYear(NYSE_ONE_OFF_CLOSURES, year));
  return out.sort(byDate);
}

/**
 * The Independence Day early close moved: from 1995 to 2012 a Thursday July 4
 * made Friday July 5 the short day and Wednesday July 3 a full one; since 2013
 * it is always July 3 when that is Monday-Thursday. Before 1995 there was none.
 */
function independenceDayEarlyClose(year: number): LocalDate | undefined {
  if (year < 1995) return undefined;
  const july4 = LocalDate.of(year, 7, 4).dayOfWeek();
  if (july4 === DayOfWeek.THURSDAY && year <= 2012) return LocalDate.of(year, 7, 5);
  // A Friday July 3 is itself the observed holiday.
  const july3 = LocalDate.of(year, 7, 3);
  return isMondayToThursday(july3) ? july3 : undefined;
}

/**
 * The close of a short day by rule: 14:00 through 1992, 13:00 since 1993.
 * Both public calendar libraries (see nyse-one-off-sessions.ts) encode the
 * change, and the NYSE's record lists 14:00 short days through 1992-12-24.
 */
function earlyCloseByRule(year: number): string {
  return year < 1993 ? '14:00' : '13:00';
}

/**
 * Sessions of the year that do not run 09:30-16:00, with their hours, oldest
 * first: the short days by rule, and the one-off sessions (which win where
 * both name a date).
 */
export function nyseIrregularSessions(year: number): IrregularSession[] {
  assertSupportedYear(year);
  const byRule: MarketDate[] = [];
  const july = independenceDayEarlyClose(year);
  if (july) byRule.push(entry(july, 'Independence Day early close'));
  // The short day after Thanksgiving was introduced in 1992.
  if (year >= 1992) {
    byRule.push(entry(thanksgiving(year).plusDays(1), 'Day after Thanksgiving'));
  }
  const christmasEve = LocalDate.of(year, 12, 24);
  // A Friday Dec 24 is itself the observed Christmas closure.
  if (isMondayToThursday(christmasEve)) {
    byRule.push(entry(christmasEve, 'Christmas Eve'));
  }
  const oneOffs = inYear(NYSE_ONE_OFF_SESSIONS, year);
  const listed = new Set(oneOffs.map((s) => s.date));
  const hours = { open: NYSE_REGULAR_HOURS.open, close: earlyCloseByRule(year) };
  return [
    ...byRule.filter((d) => !listed.has(d.date)).map((d) => ({ ...d, ...hours })),
    ...oneOffs,
  ].sort(byDate);
}
