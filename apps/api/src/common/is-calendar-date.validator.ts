import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { NYSE_FIRST_YEAR, NYSE_LAST_YEAR } from '@app/market-hours';

/**
 * `2024-02-30` matches the date pattern but is no day: reject it rather than
 * roll it over. Years outside the exchange calendar are refused too, since
 * no session can be computed for them.
 */
@ValidatorConstraint({ name: 'isCalendarDate' })
export class IsCalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const ms = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(ms) || !new Date(ms).toISOString().startsWith(value)) return false;
    const year = new Date(ms).getUTCFullYear();
    return year >= NYSE_FIRST_YEAR && year <= NYSE_LAST_YEAR;
  }
}

export const CALENDAR_DATE_MESSAGE = (name: string): string =>
  `${name} must be a real calendar date between ${NYSE_FIRST_YEAR}-01-01 and ${NYSE_LAST_YEAR}-12-31`;
