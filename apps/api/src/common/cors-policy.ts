import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CACHE_HEADERS } from './cache-meta';

type CorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

/** Headers a cross-origin caller may read (docs/api.md#cors). */
const EXPOSED_HEADERS = [...CACHE_HEADERS, 'Retry-After', 'X-Request-Id'];

/**
 * docs/api.md#cors: the dashboard sends its key with `credentials: 'include'`,
 * so a grant must say so and echo the origin (never `*`). Decided per
 * request: other origins get no CORS header at all, not even
 * Access-Control-Allow-Credentials. `options` configures `@fastify/cors` for
 * the app; `headersFor` gives the same answer to a simple GET for the OHLC
 * fast path, which answers before that plugin's hook runs.
 */
export class CorsPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.allowed = new Set(origins);
  }

  get options(): CorsOptions {
    return {
      origin: (origin: string | undefined, grant: (error: null, origin: string | false) => void) =>
        grant(null, this.allows(origin) ? origin : false),
      credentials: true,
      methods: ['GET', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-None-Match'],
      exposedHeaders: EXPOSED_HEADERS,
    };
  }

  /** What `@fastify/cors` adds to the answer of a GET (not a preflight) from `origin`. */
  headersFor(origin: string | undefined): Record<string, string> {
    // The answer depends on Origin, so shared caches must key on it either way.
    if (!this.allows(origin)) return { vary: 'Origin' };
    return {
      vary: 'Origin',
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': EXPOSED_HEADERS.join(', '),
    };
  }

  private allows(origin: string | undefined): origin is string {
    return origin !== undefined && this.allowed.has(origin);
  }
}
