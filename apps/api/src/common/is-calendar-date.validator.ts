import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

/** `2024-02-30` matches the date pattern but is no day; reject it rather than roll it over. */
@ValidatorConstraint({ name: 'isCalendarDate' })
export class IsCalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const ms = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value);
  }
}
