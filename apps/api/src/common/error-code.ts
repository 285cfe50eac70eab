import { HttpException } from '@nestjs/common';

/** The stable machine codes of error bodies (docs/api.md#errors); clients branch on these, never on `detail`. */
export const ERROR_CODES = [
  'INVALID_TICKER',
  'INVALID_RANGE',
  'INVALID_DATE',
  'UNKNOWN_RESOLUTION',
  'INVALID_QUERY',
  'TOO_MANY_PARAMETERS',
  'URI_TOO_LONG',
  'HEADERS_TOO_LARGE',
  'BAD_REQUEST',
  'REQUEST_BODY_REFUSED',
  'REQUEST_TIMEOUT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'NO_DATA',
  'RATE_LIMITED',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_CREDENTIALS_REJECTED',
  'UPSTREAM_PLAN_REFUSED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_BUSY',
  'TOO_MANY_STREAMS',
  'STREAMING_UNSUPPORTED',
  'CACHE_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Every error body: the contract's `detail`, a machine `code`, and `message`
 * (the same text as `detail`, which existing dashboard clients display).
 */
export interface ErrorBody {
  readonly detail: string;
  readonly code: ErrorCode;
  readonly message: string;
}

export function errorBody(code: ErrorCode, detail: string): ErrorBody {
  return { detail, code, message: detail };
}

/** Codes of errors that carry only a status (Nest's own, the throttler's, Fastify's). */
const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'REQUEST_BODY_REFUSED',
  414: 'URI_TOO_LONG',
  415: 'REQUEST_BODY_REFUSED',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

export function codeForStatus(status: number): ErrorCode {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

/** An HTTP error that names its code (and any headers it must carry, such as `Retry-After`). */
export class ApiException extends HttpException {
  constructor(
    status: number,
    readonly code: ErrorCode,
    detail: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail, status);
  }
}
