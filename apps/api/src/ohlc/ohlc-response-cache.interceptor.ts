import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, map, of, switchMap, type Observable } from 'rxjs';
import { InjectClock, type ClockPort } from '@app/market-hours';
import { WithCacheMeta } from '../common/cache-meta';
import { OhlcResponseCache, type KeptResponse } from './ohlc-response.cache';
import { PreparedOhlc } from './prepared-ohlc';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The OHLC route's fast path. Runs after the guards (authentication,
 * throttling) and before the pipes: a request whose URL was answered with a
 * response that still holds gets those bytes and their precomputed ETag
 * (`@fastify/etag` answers a matching `If-None-Match` with 304), with
 * `X-Cache-Source: in-memory` and the age recomputed; any other request goes
 * through validation and `OhlcApiService`, and its response is kept when it
 * may be reused.
 */
@Injectable()
export class OhlcResponseCacheInterceptor implements NestInterceptor {
  constructor(
    private readonly cache: OhlcResponseCache,
    @InjectClock() private readonly clock: ClockPort,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const { url } = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const now = this.clock.now();
    const found = this.cache.find(url, now);
    const answer = (kept: KeptResponse | undefined): Observable<unknown> =>
      kept ? of(this.reuse(reply, kept, now)) : this.build(url, reply, next);
    return found instanceof Promise ? from(found).pipe(switchMap(answer)) : answer(found);
  }

  private reuse(reply: FastifyReply, kept: KeptResponse, now: number): WithCacheMeta<Buffer> {
    void reply.headers({ 'content-type': JSON_TYPE, etag: kept.etag });
    return new WithCacheMeta(kept.bytes, {
      source: 'in-memory',
      ageSeconds: Math.max(0, Math.floor((now - kept.oldestFetchedAt) / 1000)),
      writeFailed: false,
      partial: false,
    });
  }

  private build(url: string, reply: FastifyReply, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof WithCacheMeta) || !(result.body instanceof PreparedOhlc)) {
          return result;
        }
        const prepared = result.body;
        this.cache.keep(url, prepared);
        void reply.headers({ 'content-type': JSON_TYPE, etag: prepared.etag });
        return new WithCacheMeta(prepared.bytes, result.cache);
      }),
    );
  }
}
