import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { cacheHeaders, WithCacheMeta } from './cache-meta';

/** Moves the cache metadata of a handler result into the response headers. */
@Injectable()
export class CacheHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof WithCacheMeta)) return result;
        void reply.headers(cacheHeaders(result.cache));
        return result.body as unknown;
      }),
    );
  }
}
