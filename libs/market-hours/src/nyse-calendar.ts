import { DayOfWeek, LocalDate, LocalTime } from '@js-joda/core';
import { parseIsoDate } from './iso-date';
import { newYorkInstant } from './new-york-time';
import { nyseClosures, nyseEarlyCloses } from './nyse-holidays';

/** One regular trading session; `open` and `close` are epoch ms, `[open, close)`. */
export interface Session {
  readonly date: string;
  readonly open: number;
  readonly close: number;
  readonly earlyClose: boolean;
}

/** Dates the exchange announces at short notice, before a release can encode them. */
export interface NyseCalendarOptions {
  /** `YYYY-MM-DD` dates with no session (e.g. a national day of mourning). */
  readonly extraClosures?: readonly string[];
  /** `YYYY-MM-DD` dates whose session ends at 13:00 ET. A closure on the same date wins. */
  readonly extraEarlyCloses?: readonly string[];
}

const OPEN = LocalTime.of(9, 30);
const CLOSE = LocalTime.of(16, 0);
const EARLY_CLOSE = LocalTime.of(13, 0);

interface YearCalendar {
  readonly closures: readonly string[];
  readonly earlyCloses: readonly string[];
  readonly sessions: readonly Session[];
  readonly byDate: ReadonlyMap<string, Session>;
}

/**
 * NYSE regular sessions. Each year is computed once, sessions included,
 * because the service asks for the same few years on every request.
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

  /** Dates of the year whose session ends at 13:00 ET, oldest first. */
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
    const early = new Set([
      ...nyseEarlyCloses(year).map((d) => d.date),
      ...ofYear(this.extraEarlyCloses, year),
    ]);
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
      const earlyClose = early.has(date);
      if (earlyClose) earlyCloses.push(date);
      sessions.push(
        Object.freeze({
          date,
          open: newYorkInstant(day, OPEN),
          close: newYorkInstant(day, earlyClose ? EARLY_CLOSE : CLOSE),
          earlyClose,
        }),
      );
    }
    return {
      closures,
      earlyCloses,
      sessions,
      byDate: new Map(sessions.map((s) => [s.date, s])),
    };
  }
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
