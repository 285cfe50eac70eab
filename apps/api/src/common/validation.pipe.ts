import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiException, type ErrorCode } from './error-code';

/** The code of a malformed query parameter; parameters not listed are `INVALID_QUERY`. */
const CODE_BY_PARAMETER: Readonly<Record<string, ErrorCode>> = {
  resolution: 'UNKNOWN_RESOLUTION',
  range: 'INVALID_RANGE',
  start_date: 'INVALID_DATE',
  end_date: 'INVALID_DATE',
};

/**
 * DTO validation with the contract's statuses and codes: an unknown
 * `resolution` is a 422 `UNKNOWN_RESOLUTION` (the dashboard shows the valid
 * list), anything else malformed a 400 coded after its first parameter.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors: ValidationError[]) => {
      const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}));
      const detail = messages.join('; ');
      if (errors.some((e) => e.property === 'resolution')) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, 'UNKNOWN_RESOLUTION', detail);
      }
      const code = CODE_BY_PARAMETER[errors[0]?.property ?? ''] ?? 'INVALID_QUERY';
      return new ApiException(HttpStatus.BAD_REQUEST, code, detail);
    },
  });
}
