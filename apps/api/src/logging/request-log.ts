import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { RequestObserver } from '../http/pipeline-stages';

/** The path of a request URL, without its query string (where a careless caller may put a key). */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** What a request line says of the request, and its path. */
function lineOf(request: FastifyRequest) {
  const path = pathOf(request.url);
  return {
    path,
    line: { reqId: request.id, req: { id: request.id, method: request.method, path } },
  };
}

/** The line's `req` and `res` are written as built here, not through pino's request serializers. */
const AS_BUILT = { req: (req: unknown) => req, res: (res: unknown) => res };

/**
 * One JSON line per answered request, from the pipeline's `onResponse` hook, so
 * the full path and the OHLC fast path are logged alike: its id, method,
 * path, status, duration and `X-Cache-Source`, and nothing else of the
 * request, so no header (Authorization, keys) and no query string is ever
 * written. Values are JSON-escaped, so input with CR/LF cannot forge a line.
 */
@Injectable()
export class RequestLog implements RequestObserver {
  /** nestjs-pino's root logger (its level and destination), made on the first line. */
  private root?: Logger;

  /**
   * Without the root's redaction: these lines are built here from named
   * fields, with no header in them to redact, and walking its paths on
   * every line cost a third of the line's time.
   */
  private get logger(): Logger {
    return (this.root ??= PinoLogger.root.child({}, { serializers: AS_BUILT, redact: [] }));
  }

  aborted(request: FastifyRequest): void {
    const { line, path } = lineOf(request);
    this.logger.warn(line, `${request.method} ${path} aborted by the client`);
  }

  answered(request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    const logger = this.logger;
    if (!logger.isLevelEnabled(level)) return;
    const { line, path } = lineOf(request);
    const ms = Math.round(reply.elapsedTime);
    logger[level](
      {
        ...line,
        res: { statusCode: status, cacheSource: reply.getHeader('x-cache-source') },
        responseTime: ms,
      },
      `${request.method} ${path} ${status} ${ms} ms`,
    );
  }
}
