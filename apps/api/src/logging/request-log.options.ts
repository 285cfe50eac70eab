import { destination as stdoutDestination, type DestinationStream } from 'pino';
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
  config: Pick<AppConfig, 'logLevel' | 'logFormat' | 'logBufferBytes'>,
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
    ...(destination
      ? { stream: destination }
      : config.logFormat === 'pretty'
        ? { transport: { target: 'pino-pretty', options: { singleLine: true } } }
        : { stream: standardOutput(config.logBufferBytes) }),
  };
}

/** Longest a line waits in the buffer, ms: a quiet server's lines still show up promptly. */
const LOG_FLUSH_MS = 1_000;

/**
 * Standard output, written once per `bufferBytes` of lines rather than once
 * per line: a write per request cost the L1 hit path about 5% of its CPU
 * (a profile under load). pino flushes an asynchronous destination
 * synchronously on `exit`, which the shutdown hooks reach on SIGTERM/SIGINT.
 */
function standardOutput(bufferBytes: number): DestinationStream {
  if (bufferBytes === 0) return stdoutDestination({ dest: 1, sync: true });
  const stream = stdoutDestination({ dest: 1, sync: false, minLength: bufferBytes });
  setInterval(() => {
    try {
      stream.flush();
    } catch {
      // Destroyed: standard output went away, and there is nowhere left to write.
    }
  }, LOG_FLUSH_MS).unref();
  return stream;
}
