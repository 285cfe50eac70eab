import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/app-config';

/** The path of a request URL, without its query string (where a careless caller may put a key). */
function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0];
}

function summary(req: IncomingMessage, res: ServerResponse, ms: number): string {
  return `${req.method} ${pathOf(req.url)} ${res.statusCode} ${Math.round(ms)} ms`;
}

/**
 * pino-http's options: one JSON line per request with its id (Fastify's,
 * see `requestIdOf`), method, path,
 * status, duration and `X-Cache-Source`, and nothing else of the request, so
 * no header (Authorization, keys) and no query string is ever written.
 * Values are JSON-escaped, so input with CR/LF cannot forge a line.
 */
export function requestLogOptions(
  config: Pick<AppConfig, 'logLevel'>,
  destination?: DestinationStream,
): Options {
  return {
    level: config.logLevel,
    // Lines logged during a request carry its id only, not the whole request again.
    quietReqLogger: true,
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessMessage: (req, res, ms) => summary(req, res, ms),
    customErrorMessage: (req, res) => summary(req, res, 0),
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
    // Defence in depth: should a header ever be logged, credentials are not.
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
