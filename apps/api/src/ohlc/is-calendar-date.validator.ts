import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { CALENDAR_DATE_SPAN, isCalendarDate } from '@app/ohlc-query';

/** `isCalendarDate` as a class-validator constraint, for the query DTOs. */
@ValidatorConstraint({ name: 'isCalendarDate' })
export class IsCalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isCalendarDate(value);
  }
}

export const CALENDAR_DATE_MESSAGE = (name: string): string =>
  `${name} must be a real calendar date ${CALENDAR_DATE_SPAN}`;
