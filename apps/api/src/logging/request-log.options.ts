import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/app-config';

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
