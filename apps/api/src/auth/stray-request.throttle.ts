import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { StrayRequests } from '../api-fastify-adapter';
import { errorBody, type ErrorBody } from '../common/error-code';
import { ApiKeyService } from './api-key.service';
import { ClientThrottle, rateLimitedDetail } from './client-throttle';

/**
 * Refusals no guard saw (an unmatched route, a URL or body the HTTP platform
 * refuses) count against the caller's limit like any request: otherwise a
 * client could probe paths or send garbage without end. Only client errors
 * count, since health probes answer 503 without passing a guard and must
 * never be throttled.
 */
@Injectable()
export class StrayRequestThrottle implements StrayRequests {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly throttle: ClientThrottle,
  ) {}

  overLimit(
    request: FastifyRequest,
    status: number,
  ): { headers: Record<string, string>; body: ErrorBody } | undefined {
    if (status < 400 || status >= 500 || ApiKeyService.callerOf(request) !== undefined) {
      return undefined;
    }
    const caller = this.keys.identify(request);
    const verdict = this.throttle.count(caller, request.ip);
    if ('headers' in verdict) return undefined;
    const seconds = verdict.retryAfterSeconds;
    return {
      headers: { 'retry-after': String(seconds) },
      body: errorBody('RATE_LIMITED', rateLimitedDetail(this.throttle.limit, seconds)),
    };
  }
}
