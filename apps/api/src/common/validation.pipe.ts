import {
  BadRequestException,
  UnprocessableEntityException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';

/**
 * DTO validation with the contract's statuses: an unknown `resolution` is a
 * 422 (the dashboard shows the valid list), anything else malformed a 400.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors: ValidationError[]) => {
      const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}));
      const detail = messages.join('; ');
      return errors.some((e) => e.property === 'resolution')
        ? new UnprocessableEntityException(detail)
        : new BadRequestException(detail);
    },
  });
}
