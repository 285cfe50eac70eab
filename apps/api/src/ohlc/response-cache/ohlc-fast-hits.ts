import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectClock, type ClockPort } from '@app/market-hours';
import { ageSecondsAt } from '@app/ohlc-cache';
import { Admission } from '../../auth/admission';
import { andThen } from '../../auth/maybe-promise';
import type { EarlyAnswer } from '../../http/pipeline-stages';
import { cacheHeaders } from '../cache-meta';
import { OHLC_CONTENT_TYPE } from '../prepared-ohlc';
import { OhlcResponseCache, type KeptResponse } from './ohlc-response.cache';

/**
 * The OHLC route's fast path (docs/architecture.md#response-cache): a GET
 * whose URL was answered with a response that still holds gets those bytes
 * from Fastify's first hooks, without Nest's middleware, guards, pipes or
 * interceptors. What must run still runs: CORS (Nest's adapter runs it
 * first), the request id, security headers and limits before it, admission
 * here by the same `Admission` as the guard, against the route's access as
 * it was when the response was kept (a role or a limit added to the route
 * applies here too), and the request log, metrics and ETag/304 hooks after.
 * It answers successes only: a request it refuses goes on to the full path,
 * whose guard answers the refusal `Admission` decided here (counted once).
 */
@Injectable()
export class OhlcFastHits implements EarlyAnswer {
  constructor(
    private readonly responses: OhlcResponseCache,
    private readonly admission: Admission,
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
  ): boolean | Promise<boolean> {
    return andThen(this.admission.admit(request, kept.access, false), (verdict) => {
      if (!verdict.admitted) return false;
      this.reply(reply, kept, now, verdict.headers);
      return true;
    });
  }

  private reply(
    reply: FastifyReply,
    kept: KeptResponse,
    now: number,
    admission: Readonly<Record<string, string>>,
  ): void {
    void reply
      .headers({
        ...admission,
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
  }
}
