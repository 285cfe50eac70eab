import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectClock, type ClockPort } from '@app/market-hours';
import { ageSecondsAt } from '@app/ohlc-cache';
import type { EarlyAnswer } from '../api-fastify-adapter';
import { ApiKeyService } from '../auth/api-key.service';
import { ClientThrottle } from '../auth/client-throttle';
import { cacheHeaders } from '../common/cache-meta';
import { OhlcResponseCache, type KeptResponse } from './ohlc-response.cache';
import { OHLC_CONTENT_TYPE } from './prepared-ohlc';

/**
 * The OHLC route's fast path (docs/architecture.md#response-cache): a GET
 * whose URL was answered with a response that still holds gets those bytes
 * from Fastify's first hooks, without Nest's middleware, guards, pipes or
 * interceptors. What must run still runs: CORS (Nest's adapter runs it
 * first), the request id, security headers and limits before it,
 * authentication and throttling here against the same keys and counters as
 * the guards, and the request log, metrics and ETag/304 hooks after it. It only
 * answers successes: a request it cannot serve (not kept, no valid key, over
 * its limit) goes on to the full path, which refuses or answers it.
 */
@Injectable()
export class OhlcFastHits implements EarlyAnswer {
  constructor(
    private readonly responses: OhlcResponseCache,
    private readonly keys: ApiKeyService,
    private readonly throttle: ClientThrottle,
    @InjectClock() private readonly clock: ClockPort,
  ) {}

  answer(request: FastifyRequest, reply: FastifyReply): boolean | Promise<boolean> {
    if (request.method !== 'GET') return false;
    const now = this.clock.now();
    const found = this.responses.find(request.url, now);
    if (found === undefined) return false;
    return found instanceof Promise
      ? found.then((kept) => kept !== undefined && this.send(request, reply, kept, now))
      : this.send(request, reply, found, now);
  }

  private send(
    request: FastifyRequest,
    reply: FastifyReply,
    kept: KeptResponse,
    now: number,
  ): boolean {
    const caller = this.keys.authenticate(request.headers.authorization);
    if (caller.kind !== 'key' && !this.keys.open) return false;
    const rateLimit = this.throttle.take(caller, request.ip);
    if (!rateLimit) return false;
    void reply
      .headers({
        ...rateLimit,
        'content-type': OHLC_CONTENT_TYPE,
        etag: kept.etag,
        ...cacheHeaders({
          source: 'in-memory',
          ageSeconds: ageSecondsAt(kept.oldestFetchedAt, now),
          writeFailed: false,
          partial: false,
        }),
      })
      .send(kept.bytes);
    return true;
  }
}
