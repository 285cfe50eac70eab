import { HttpStatus, Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { ApiException } from '../common/error-code';
import { ApiKeyService } from './api-key.service';
import { ClientThrottle, rateLimitedDetail } from './client-throttle';

/** Per-client throttling on the full path (see `ClientThrottle`). Runs before the auth guard. */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  private readonly log = new Logger('Throttle');

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly keys: ApiKeyService,
  ) {
    super(options, storage, reflector);
  }

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const fastify = request as unknown as FastifyRequest;
    return Promise.resolve(ClientThrottle.trackerOf(this.keys.identify(fastify), fastify.ip));
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return ClientThrottle.keyOf(name, tracker);
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    { limit, tracker, timeToBlockExpire }: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, timeToBlockExpire);
    this.log.warn(`429 for ${tracker}: over ${limit} requests per minute`);
    throw new ApiException(
      HttpStatus.TOO_MANY_REQUESTS,
      'RATE_LIMITED',
      rateLimitedDetail(limit, seconds),
      { 'Retry-After': String(seconds) },
    );
  }
}
