import { Instant, LocalDate, LocalTime, ZoneId, ZonedDateTime } from '@js-joda/core';
import { DAY_MS } from '@app/ohlc-core';
import { utcMidnight } from './iso-date';
// Side effect: registers the IANA database so ZoneId.of can resolve named zones.
import '@js-joda/timezone';

/*
 * The one module that turns instants into New York dates and wall-clock
 * times: the calendar, the upstream adapters and the test helpers all use it.
 */

/** Offsets come from the tz database so DST changes (and past rule changes) are honoured. */
export const NEW_YORK = ZoneId.of('America/New_York');

function assertInstant(at: number): void {
  if (!Number.isFinite(at)) {
    throw new RangeError(`Expected an epoch-millisecond instant, got ${at}`);
  }
}

/** The calendar date in New York at that instant. */
export function newYorkDate(at: number): LocalDate {
  assertInstant(at);
  return Instant.ofEpochMilli(at).atZone(NEW_YORK).toLocalDate();
}

/** Epoch ms of a New York wall-clock time on a date. */
export function newYorkInstant(date: LocalDate, time: LocalTime): number {
  return ZonedDateTime.of(date, time, NEW_YORK).toInstant().toEpochMilli();
}

/** Start of the New York day; atStartOfDay copes with zones whose midnight can be skipped. */
export function newYorkDayStart(date: LocalDate): number {
  return date.atStartOfDay(NEW_YORK).toInstant().toEpochMilli();
}

/** 00:00Z of the New York date of the instant: the start a daily candle of that date carries. */
export function newYorkDateStartUtc(at: number): number {
  return utcMidnight(newYorkDate(at));
}

/**
 * Epoch ms of the New York wall-clock time `minuteOfDay` minutes after
 * midnight on the date whose daily key (00:00Z) is `dateStartUtc`; 1440 and
 * more fall on later dates. Wall-clock minutes, so 20:00 stays 20:00 on a day
 * whose clocks change.
 */
export function newYorkMinuteOn(dateStartUtc: number, minuteOfDay: number): number {
  assertInstant(dateStartUtc);
  if (!Number.isInteger(minuteOfDay) || minuteOfDay < 0) {
    throw new RangeError(`Expected a whole, non-negative number of minutes, got ${minuteOfDay}`);
  }
  const date = LocalDate.ofEpochDay(
    Math.floor(dateStartUtc / DAY_MS) + Math.floor(minuteOfDay / 1440),
  );
  return newYorkInstant(date, LocalTime.ofSecondOfDay((minuteOfDay % 1440) * 60));
}

export interface NewYorkWallClock {
  /** ISO day of the week: 1 is Monday, 7 is Sunday. */
  readonly isoWeekday: number;
  /** Minutes since local midnight. */
  readonly minuteOfDay: number;
}

/** The New York wall clock at the instant. */
export function newYorkWallClock(at: number): NewYorkWallClock {
  assertInstant(at);
  const local = Instant.ofEpochMilli(at).atZone(NEW_YORK);
  return {
    isoWeekday: local.dayOfWeek().value(),
    minuteOfDay: local.hour() * 60 + local.minute(),
  };
}
