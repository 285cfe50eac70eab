import type { IncomingMessage, ServerResponse } from 'node:http';
import type { onRequestHookHandler } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers on every response (docs/api.md#limits), as `helmet` sets
 * them. With no nonce and nothing read from the request, its answer is the
 * same for every request, so it is recorded once from a stand-in response
 * and added to each reply as one object: running the middleware per request
 * (as `@fastify/helmet` does, parsing the CSP directives every time) was a
 * measurable part of an L1 hit.
 */
export function securityHeaders(): onRequestHookHandler {
  const headers = securityHeaderValues();
  return (_request, reply, done) => {
    void reply.headers(headers);
    done();
  };
}

let recorded: Readonly<Record<string, string>> | undefined;

/**
 * The headers themselves, recorded on first use: for answers written outside
 * Fastify's hooks too (a request Node's parser refuses, a reply CORS sends
 * before the hooks run).
 */
export function securityHeaderValues(): Readonly<Record<string, string>> {
  recorded ??= recordedHeaders(
    helmet({
      contentSecurityPolicy: {
        // The Swagger UI at /docs runs its own scripts and inline styles; the dashboard at / only
        // its own module scripts (script-src 'self', no inline script anywhere).
        directives: {
          defaultSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          scriptSrc: ["'self'"],
        },
      },
    }),
  );
  return recorded;
}

type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

function recordedHeaders(middleware: Middleware): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = String(value)),
    // helmet removes X-Powered-By, which Fastify never sends.
    removeHeader: () => undefined,
  };
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error) => {
    if (error !== undefined) {
      throw error instanceof Error ? error : new Error('helmet failed to set its headers');
    }
  });
  return headers;
}
