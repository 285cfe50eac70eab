import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CACHE_HEADERS } from '../ohlc/cache-meta';

type CorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

/**
 * docs/api.md#cors: the dashboard sends its key with `credentials: 'include'`,
 * so the grant must say so and echo the origin (never `*`). Decided per
 * request: other origins get no CORS header at all, not even
 * Access-Control-Allow-Credentials. Nest's adapter runs this hook before any
 * other, so the OHLC fast path's answers carry it too.
 */
export function corsOptions(origins: readonly string[]): CorsOptions {
  const allowed = new Set(origins);
  return {
    origin: (origin: string | undefined, grant: (error: null, origin: string | false) => void) =>
      grant(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials: true,
    methods: ['GET', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-None-Match'],
    exposedHeaders: [...CACHE_HEADERS, 'Retry-After', 'X-Request-Id'],
  };
}
