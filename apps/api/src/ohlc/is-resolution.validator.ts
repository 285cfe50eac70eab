import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { parseResolution } from '@app/ohlc-core';

@ValidatorConstraint({ name: 'isResolution' })
export class IsResolution implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseResolution(value) !== undefined;
  }
}
