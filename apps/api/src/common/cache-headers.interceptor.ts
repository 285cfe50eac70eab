import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { catchError, map, type Observable, throwError } from 'rxjs';
import { cacheHeaders, WithCacheMeta } from './cache-meta';
import { NoCandlesException } from './no-candles.exception';

/** Moves cache metadata of a handler result (or of its 404) into the response headers. */
@Injectable()
export class CacheHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof WithCacheMeta)) return result;
        res.set(cacheHeaders(result.cache));
        return result.body as unknown;
      }),
      catchError((error: unknown) => {
        if (error instanceof NoCandlesException) res.set(cacheHeaders(error.cache));
        return throwError(() => error);
      }),
    );
  }
}
