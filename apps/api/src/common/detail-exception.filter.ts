import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  CacheStoreError,
  InvalidQueryError,
  OhlcError,
  ProviderAuthError,
  ProviderCircuitOpenError,
  ProviderUnavailableError,
  RateLimitedError,
} from '@app/ohlc-core';
import { cacheHeaders } from './cache-meta';
import { NoCandlesException } from './no-candles.exception';

interface Mapped {
  status: number;
  detail: string;
  headers?: Record<string, string>;
}

/** Every error leaves as `{"detail": "..."}`; domain errors get the status docs/api.md#errors names. */
@Catch()
export class DetailExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(DetailExceptionFilter.name);

  /** @param now the clock `Retry-After` is measured against (the one the providers use). */
  constructor(private readonly now: () => number) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, detail, headers } = this.map(error);
    if (status >= 500) this.logger.error(detail, error instanceof Error ? error.stack : undefined);
    void reply
      .status(status)
      .headers(headers ?? {})
      .send({ detail });
  }

  private map(error: unknown): Mapped {
    if (error instanceof NoCandlesException) {
      return {
        status: error.getStatus(),
        detail: error.message,
        headers: cacheHeaders(error.cache),
      };
    }
    if (error instanceof HttpException)
      return { status: error.getStatus(), detail: httpDetail(error) };
    if (error instanceof OhlcError) return mapDomainError(error, this.now());
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, detail: 'Internal server error' };
  }
}

function mapDomainError(error: OhlcError, now: number): Mapped {
  if (error instanceof InvalidQueryError) return { status: 400, detail: error.message };
  // Both know when upstream may be called again.
  if (error instanceof RateLimitedError || error instanceof ProviderCircuitOpenError) {
    const seconds = Math.max(1, Math.ceil((error.retryAt - now) / 1000));
    return {
      status: 503,
      detail: `${error.message} and nothing is cached for this range; retry in ${seconds} s`,
      headers: { 'Retry-After': String(seconds) },
    };
  }
  if (error instanceof ProviderAuthError) {
    return { status: 503, detail: `${error.message}; the operator must fix its API key` };
  }
  if (error instanceof ProviderUnavailableError || error instanceof CacheStoreError) {
    return { status: 503, detail: error.message };
  }
  return { status: 500, detail: 'Internal server error' };
}

function httpDetail(error: HttpException): string {
  const body = error.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}
