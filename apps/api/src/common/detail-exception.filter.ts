import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  CacheStoreError,
  FillRefusedError,
  InvalidQueryError,
  OhlcError,
  ProviderAuthError,
  ProviderPlanError,
  ProviderCircuitOpenError,
  ProviderUnavailableError,
  RateLimitedError,
} from '@app/ohlc-core';
import { DateWindowError } from '@app/ohlc-query';
import { ApiException, codeForStatus, errorBody, type ErrorCode } from './error-code';

interface Mapped {
  status: number;
  code: ErrorCode;
  detail: string;
  headers?: Readonly<Record<string, string>>;
}

/**
 * Every error leaves as `{"detail", "code", "message"}` (docs/api.md#errors);
 * domain errors get the status and code docs/api.md#errors names.
 */
@Catch()
export class DetailExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(DetailExceptionFilter.name);

  /** @param now the clock `Retry-After` is measured against (the one the providers use). */
  constructor(private readonly now: () => number) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, code, detail, headers } = this.map(error);
    if (status >= 500) this.logger.error(detail, error instanceof Error ? error.stack : undefined);
    void reply
      .status(status)
      .headers(headers ?? {})
      .send(errorBody(code, detail));
  }

  private map(error: unknown): Mapped {
    if (error instanceof ApiException) {
      return {
        status: error.getStatus(),
        code: error.code,
        detail: error.message,
        headers: error.headers,
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return { status, code: codeForStatus(status), detail: httpDetail(error) };
    }
    if (error instanceof OhlcError) return mapDomainError(error, this.now());
    if (isClientError(error)) {
      // Fastify's own request errors (a body it cannot parse, ...) carry their 4xx status.
      return {
        status: error.statusCode,
        code: codeForStatus(error.statusCode),
        detail: error.message,
      };
    }
    return internal();
  }
}

function mapDomainError(error: OhlcError, now: number): Mapped {
  if (error instanceof DateWindowError)
    return { status: 400, code: 'INVALID_DATE', detail: error.message };
  if (error instanceof InvalidQueryError) {
    return { status: 400, code: 'INVALID_QUERY', detail: error.message };
  }
  // Both know when upstream may be called again.
  if (error instanceof RateLimitedError || error instanceof ProviderCircuitOpenError) {
    const seconds = Math.max(1, Math.ceil((error.retryAt - now) / 1000));
    return {
      status: 503,
      code: 'UPSTREAM_RATE_LIMITED',
      detail: `${error.message} and nothing is cached for this range; retry in ${seconds} s`,
      headers: { 'Retry-After': String(seconds) },
    };
  }
  if (error instanceof FillRefusedError) {
    const seconds = Math.max(1, Math.ceil((error.retryAt - now) / 1000));
    const client = error.scope === 'client';
    return {
      status: client ? 429 : 503,
      code: client ? 'RATE_LIMITED' : 'UPSTREAM_BUSY',
      detail: `${error.message}; retry in ${seconds} s`,
      headers: { 'Retry-After': String(seconds) },
    };
  }
  if (error instanceof ProviderAuthError) {
    return {
      status: 503,
      code: 'UPSTREAM_CREDENTIALS_REJECTED',
      detail: `${error.message}; the operator must fix its API key`,
    };
  }
  // Before its parent class: the operator must change the plan, not wait.
  if (error instanceof ProviderPlanError) {
    return { status: 503, code: 'UPSTREAM_PLAN_REFUSED', detail: error.message };
  }
  if (error instanceof ProviderUnavailableError) {
    return { status: 503, code: 'UPSTREAM_UNAVAILABLE', detail: error.message };
  }
  if (error instanceof CacheStoreError) {
    return { status: 503, code: 'CACHE_UNAVAILABLE', detail: error.message };
  }
  return internal();
}

function internal(): Mapped {
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    code: 'INTERNAL_ERROR',
    detail: 'Internal server error',
  };
}

function isClientError(error: unknown): error is Error & { statusCode: number } {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return error instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
}

function httpDetail(error: HttpException): string {
  const body = error.getResponse();
  // The router's "Cannot GET /path?query": the query may hold what a caller should not see
  // echoed (a key pasted into the URL), and names no route anyway.
  if (error instanceof NotFoundException && typeof body === 'object' && body !== null) {
    const message = (body as { message?: unknown }).message;
    if (typeof message === 'string' && message.startsWith('Cannot ')) {
      return message.replace(/\?.*$/, '');
    }
  }
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}
