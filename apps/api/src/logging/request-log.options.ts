import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/app-config';

/** The path of a request URL, without its query string (where a careless caller may put a key). */
export function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0];
}

/**
 * pino-http's options. It gives each request its child logger, so lines
 * logged while a request runs carry its id (Fastify's, see `requestIdOf`),
 * and nothing else of the request; the one line per answered request is
 * `RequestLog`'s, since requests the OHLC fast path answers never reach
 * pino-http's middleware.
 */
export function requestLogOptions(
  config: Pick<AppConfig, 'logLevel'>,
  destination?: DestinationStream,
): Options {
  return {
    level: config.logLevel,
    autoLogging: false,
    quietReqLogger: true,
    // What `RequestLog` writes of a request and its response, and nothing more.
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: pathOf(req.url),
      }),
      res: (res: { statusCode: number; headers?: Record<string, unknown> }) => ({
        statusCode: res.statusCode,
        cacheSource: res.headers?.['x-cache-source'],
      }),
    },
    // Defence in depth: should a request ever be logged whole, credentials are not.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
      censor: '[redacted]',
    },
    // Pretty for a person at a terminal, JSON lines for everything else.
    ...(destination
      ? { stream: destination }
      : process.stdout.isTTY && {
          transport: { target: 'pino-pretty', options: { singleLine: true } },
        }),
  };
}
