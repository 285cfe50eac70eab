import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { RouteAccessReader } from '../../auth/route-access';
import { WithCacheMeta } from '../cache-meta';
import { OhlcResponseCache } from './ohlc-response.cache';
import { OHLC_CONTENT_TYPE, PreparedOhlc } from '../prepared-ohlc';

/**
 * Sends an OHLC answer's prepared bytes with their precomputed ETag
 * (`@fastify/etag` answers a matching `If-None-Match` with 304) and keeps
 * them when they may be reused; `OhlcFastHits` answers the same URL from
 * them while they hold.
 */
@Injectable()
export class OhlcResponseCacheInterceptor implements NestInterceptor {
  constructor(
    private readonly cache: OhlcResponseCache,
    private readonly routes: RouteAccessReader,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const { url } = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof WithCacheMeta) || !(result.body instanceof PreparedOhlc)) {
          return result;
        }
        const prepared = result.body;
        this.cache.keep(url, prepared, this.routes.of(context));
        void reply.headers({ 'content-type': OHLC_CONTENT_TYPE, etag: prepared.etag });
        return new WithCacheMeta(prepared.bytes, result.cache);
      }),
    );
  }
}
