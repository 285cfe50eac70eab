import {
  DAY_MS,
  type IntradayResolution,
  intradayMs,
  isIntraday,
  type Interval,
  type Resolution,
  toIsoDate,
} from '@app/ohlc-core';
import { Injectable } from '@nestjs/common';
import { InjectClock, type ClockPort } from './clock.port';
import { parseIsoDate, utcMidnight } from './iso-date';
import { newYorkDate, newYorkDateStartUtc, newYorkDayStart } from './new-york-time';
import { NyseCalendar, type Session } from './nyse-calendar';
import { isSupportedYear } from './nyse-holidays';

/** The largest instant a JS Date can hold. */
const LAST_DATE_MS = 8.64e15;

/**
 * Answers "is the market open, and which candle is this?" for the cache.
 * Instants are epoch ms, dates `YYYY-MM-DD`. Daily candles are keyed by 00:00Z
 * of their trading date. Intraday candles are the buckets of a grid from
 * 09:30 ET, the regular open, whatever time the session opened, so a series'
 * buckets line up across days: a session has every bucket that overlaps it,
 * each labelled by its grid start and holding the trading inside the session.
 * So the last is cut short at the close, and after a late open (09:33, 12:00)
 * the first is labelled at the grid point before the open, as providers stamp
 * their bars.
 */
@Injectable()
export class MarketHoursService {
  constructor(
    @InjectClock() private readonly clock: ClockPort,
    private readonly calendar: NyseCalendar,
  ) {}

  now(): number {
    return this.clock.now();
  }

  isOpen(at: number = this.now()): boolean {
    return this.sessionAt(at) !== undefined;
  }

  session(date: string): Session | undefined {
    return this.calendar.session(date);
  }

  /** The session whose `[open, close)` contains the instant. */
  sessionAt(at: number): Session | undefined {
    if (!Number.isFinite(at)) return undefined;
    const session = this.calendar.session(this.nyDate(at));
    return session && at >= session.open && at < session.close ? session : undefined;
  }

  /** Trading dates from `fromDate` to `toDate`, both inclusive, oldest first. */
  tradingDays(fromDate: string, toDate: string): string[] {
    const from = parseIsoDate(fromDate).toString();
    const to = parseIsoDate(toDate).toString();
    const out: string[] = [];
    for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
      for (const s of this.calendar.sessions(year)) {
        if (s.date >= from && s.date <= to) out.push(s.date);
      }
    }
    return out;
  }

  /**
   * Open of the first session that opens strictly after the instant. After a
   * late open that is later than the label of the session's first intraday
   * candle, which is the grid point before it.
   */
  nextOpen(after: number): number {
    return this.firstSessionAfter(after, (s) => s.open).open;
  }

  /** Close of the first session that closes strictly after the instant. */
  nextClose(after: number): number {
    return this.firstSessionAfter(after, (s) => s.close).close;
  }

  nyDate(at: number): string {
    return newYorkDate(at).toString();
  }

  /** 00:00Z of the New York date of the instant: the start a daily candle of that date carries. */
  nyDateStartUtc(at: number): number {
    return newYorkDateStartUtc(at);
  }

  /** 00:00 America/New_York of the date, as epoch ms. */
  nyDayStart(date: string): number {
    return newYorkDayStart(parseIsoDate(date));
  }

  /**
   * Start of the candle containing the instant. Intraday: undefined outside a
   * session; a grid point, so just after a late open one before the open. Daily: 00:00Z of the New York date whenever that date trades,
   * including before the open and after the close.
   */
  candleStart(resolution: Resolution, at: number): number | undefined {
    if (!isIntraday(resolution)) {
      const day = newYorkDate(at);
      return this.calendar.isTradingDay(day.toString()) ? utcMidnight(day) : undefined;
    }
    const session = this.sessionAt(at);
    return session && gridFloor(session, intradayMs(resolution), at);
  }

  /**
   * Exclusive end of the candle starting at `start`. Intraday: `start + R`,
   * cut at the close of the session the candle belongs to. Daily: the session
   * close; a date without a session ends when its New York day does, so it
   * still closes eventually.
   */
  candleEnd(resolution: Resolution, start: number): number {
    if (!isIntraday(resolution)) {
      const day = parseIsoDate(toIsoDate(start));
      return this.calendar.session(day.toString())?.close ?? newYorkDayStart(day.plusDays(1));
    }
    const end = start + intradayMs(resolution);
    const session = this.bucketSession(resolution, start);
    return session ? Math.min(end, session.close) : end;
  }

  /** Closed candles never change again, so they may be cached for good. */
  isCandleClosed(resolution: Resolution, start: number, at: number = this.now()): boolean {
    return this.candleEnd(resolution, start) <= at;
  }

  /** Every candle start the session of `date` should have; [] on a non-trading day. */
  sessionCandleStarts(date: string, resolution: Resolution): number[] {
    const session = this.calendar.session(date);
    if (!session) return [];
    if (!isIntraday(resolution)) return [utcMidnight(parseIsoDate(date))];
    const step = intradayMs(resolution);
    const starts: number[] = [];
    for (let t = gridFloor(session, step, session.open); t < session.close; t += step) {
      starts.push(t);
    }
    return starts;
  }

  /**
   * The parts of `range` in which a candle of `resolution` can start, oldest
   * first, each beginning at a candle start: the sessions intraday, each
   * trading date's UTC day for `D` (daily candles are keyed by 00:00Z). Time
   * outside them holds no candle start, so it needs no upstream call.
   */
  tradingSpans(resolution: Resolution, range: Interval): Interval[] {
    if (range.to <= range.from) return [];
    if (!isIntraday(resolution)) {
      return this.tradingDays(toIsoDate(range.from), toIsoDate(range.to - 1))
        .map((date) => utcMidnight(parseIsoDate(date)))
        .filter((start) => start >= range.from)
        .map((start) => ({ from: start, to: Math.min(start + DAY_MS, range.to) }));
    }
    const step = intradayMs(resolution);
    return this.tradingDays(this.nyDate(range.from), this.nyDate(range.to - 1)).flatMap((date) => {
      const session = this.calendar.session(date)!;
      const first = gridFloor(session, step, session.open);
      const from = first + Math.max(0, Math.ceil((range.from - first) / step)) * step;
      const to = Math.min(session.close, range.to);
      return from < to ? [{ from, to }] : [];
    });
  }

  /** How many candles of `resolution` can start in `range`: the rows a fetch of it may return. */
  candleSlots(resolution: Resolution, range: Interval): number {
    const spans = this.tradingSpans(resolution, range);
    if (!isIntraday(resolution)) return spans.length;
    const step = intradayMs(resolution);
    return spans.reduce((n, s) => n + Math.ceil((s.to - s.from) / step), 0);
  }

  /**
   * Whether an upstream row's timestamp is a candle start this service would
   * produce. False (not an error) for instants outside the calendar's years,
   * because rows come from outside and are dropped, not trusted.
   */
  isCandleStart(resolution: Resolution, start: number): boolean {
    if (!Number.isInteger(start) || Math.abs(start) > LAST_DATE_MS) return false;
    if (!isIntraday(resolution)) {
      return (
        start % DAY_MS === 0 &&
        isSupportedYear(new Date(start).getUTCFullYear()) &&
        this.calendar.isTradingDay(toIsoDate(start))
      );
    }
    if (!isSupportedYear(newYorkDate(start).year())) return false;
    const session = this.bucketSession(resolution, start);
    return session !== undefined && (start - session.regularOpen) % intradayMs(resolution) === 0;
  }

  /**
   * The session of `start`'s New York date if the bucket `[start, start + R)`
   * overlaps it: a bucket that ends after a late open belongs to the session
   * though its start does not.
   */
  private bucketSession(resolution: IntradayResolution, start: number): Session | undefined {
    if (!Number.isFinite(start)) return undefined;
    const session = this.calendar.session(this.nyDate(start));
    return session && start < session.close && start + intradayMs(resolution) > session.open
      ? session
      : undefined;
  }

  private firstSessionAfter(after: number, edge: (s: Session) => number): Session {
    for (let year = newYorkDate(after).year(); ; year++) {
      // The calendar throws past its last year, which ends this loop.
      const found = this.calendar.sessions(year).find((s) => edge(s) > after);
      if (found) return found;
    }
  }
}

/** The latest point of the session's candle grid (09:30 ET + k·step) at or before `at`. */
function gridFloor(session: Session, step: number, at: number): number {
  return session.regularOpen + Math.floor((at - session.regularOpen) / step) * step;
}
