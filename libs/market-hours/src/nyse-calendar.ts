import { DayOfWeek, LocalDate, LocalTime } from '@js-joda/core';
import { parseIsoDate } from './iso-date';
import { newYorkInstant } from './new-york-time';
import { NYSE_REGULAR_HOURS, type SessionHours } from './market-date';
import { nyseClosures, nyseIrregularSessions } from './nyse-holidays';

/** One trading session; `open` and `close` are epoch ms, `[open, close)`. */
export interface Session {
  readonly date: string;
  readonly open: number;
  readonly close: number;
  /**
   * 09:30 New York on the date, where a regular session opens: the origin of
   * the session's intraday candle grid, also on a day that opened later.
   */
  readonly regularOpen: number;
  /** Ends before 16:00 New York. */
  readonly earlyClose: boolean;
}

/** Dates the exchange announces at short notice, before a release can encode them. */
export interface NyseCalendarOptions {
  /** `YYYY-MM-DD` dates with no session (e.g. a national day of mourning). */
  readonly extraClosures?: readonly string[];
  /** `YYYY-MM-DD` dates whose session ends at 13:00 ET. A closure on the same date wins. */
  readonly extraEarlyCloses?: readonly string[];
}

/** Where an operator-supplied early close ends, as the exchange's short days do today. */
const OPERATOR_EARLY_CLOSE = '13:00';

interface YearCalendar {
  readonly closures: readonly string[];
  readonly earlyCloses: readonly string[];
  readonly sessions: readonly Session[];
  readonly byDate: ReadonlyMap<string, Session>;
}

/**
 * NYSE sessions, at their regular hours or the ones the exchange kept that
 * day. Each year is computed once, sessions included, because the service
 * asks for the same few years on every request.
 */
export class NyseCalendar {
  private readonly extraClosures: ReadonlySet<string>;
  private readonly extraEarlyCloses: ReadonlySet<string>;
  private readonly years = new Map<number, YearCalendar>();

  constructor(options: NyseCalendarOptions = {}) {
    // Parsed now so a typo in operator config fails at startup, not mid-request.
    this.extraClosures = normalised(options.extraClosures ?? []);
    this.extraEarlyCloses = normalised(options.extraEarlyCloses ?? []);
  }

  isTradingDay(date: string): boolean {
    return this.session(date) !== undefined;
  }

  session(date: string): Session | undefined {
    const day = parseIsoDate(date);
    return this.year(day.year()).byDate.get(day.toString());
  }

  /** All sessions of the year, oldest first. */
  sessions(year: number): readonly Session[] {
    return this.year(year).sessions;
  }

  /** Weekdays of the year without a session, oldest first. */
  holidays(year: number): string[] {
    return [...this.year(year).closures];
  }

  /** Dates of the year whose session ends before 16:00 ET, oldest first. */
  earlyCloses(year: number): string[] {
    return [...this.year(year).earlyCloses];
  }

  private year(year: number): YearCalendar {
    let cached = this.years.get(year);
    if (!cached) {
      cached = this.compute(year);
      this.years.set(year, cached);
    }
    return cached;
  }

  private compute(year: number): YearCalendar {
    const closed = new Set([
      ...nyseClosures(year).map((d) => d.date),
      ...ofYear(this.extraClosures, year),
    ]);
    const irregular = new Map<string, SessionHours>(
      nyseIrregularSessions(year).map((s) => [s.date, s]),
    );
    const sessions: Session[] = [];
    const closures: string[] = [];
    const earlyCloses: string[] = [];
    const end = LocalDate.of(year + 1, 1, 1);
    for (let day = LocalDate.of(year, 1, 1); day.isBefore(end); day = day.plusDays(1)) {
      if (isWeekend(day)) continue;
      const date = day.toString();
      if (closed.has(date)) {
        closures.push(date);
        continue;
      }
      const listed = irregular.get(date) ?? NYSE_REGULAR_HOURS;
      const hours = this.extraEarlyCloses.has(date)
        ? { ...listed, close: OPERATOR_EARLY_CLOSE }
        : listed;
      const session = sessionOn(day, hours);
      if (session.earlyClose) earlyCloses.push(date);
      sessions.push(session);
    }
    return {
      closures,
      earlyCloses,
      sessions,
      byDate: new Map(sessions.map((s) => [s.date, s])),
    };
  }
}

function sessionOn(day: LocalDate, hours: SessionHours): Session {
  const at = (time: string): number => newYorkInstant(day, LocalTime.parse(time));
  const close = at(hours.close);
  return Object.freeze({
    date: day.toString(),
    open: at(hours.open),
    close,
    regularOpen: at(NYSE_REGULAR_HOURS.open),
    earlyClose: close < at(NYSE_REGULAR_HOURS.close),
  });
}

function isWeekend(day: LocalDate): boolean {
  const dow = day.dayOfWeek();
  return dow === DayOfWeek.SATURDAY || dow === DayOfWeek.SUNDAY;
}

function normalised(dates: readonly string[]): ReadonlySet<string> {
  return new Set(dates.map((d) => parseIsoDate(d.trim()).toString()));
}

function ofYear(dates: ReadonlySet<string>, year: number): string[] {
  const prefix = `${year}-`;
  return [...dates].filter((d) => d.startsWith(prefix));
}
