import { Instant, LocalDate, LocalTime, ZoneId, ZonedDateTime } from '@js-joda/core';
// Side effect: registers the IANA database so ZoneId.of can resolve named zones.
import '@js-joda/timezone';

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
