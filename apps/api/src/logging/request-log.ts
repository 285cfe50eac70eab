import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { pathOf } from './request-log.options';

/**
 * One JSON line per answered request, from a Fastify `onResponse` hook, so
 * the full path and the OHLC fast path are logged alike. `requestLogOptions`'
 * serializers keep its id, method, path, status and `X-Cache-Source`, and
 * nothing else of the request, so no header (Authorization, keys) and no
 * query string is ever written. Values are JSON-escaped, so input with CR/LF
 * cannot forge a line.
 */
@Injectable()
export class RequestLog implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', (request, reply, done) => {
      this.write(request, reply);
      done();
    });
  }

  private write(request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    const logger = PinoLogger.root;
    if (!logger.isLevelEnabled(level)) return;
    const ms = Math.round(reply.elapsedTime);
    logger[level](
      {
        reqId: request.id,
        req: { id: request.id, method: request.method, url: request.url },
        // The raw response: its headers were sent, so the serializer reads its status and headers.
        res: reply.raw,
        responseTime: ms,
      },
      `${request.method} ${pathOf(request.url)} ${status} ${ms} ms`,
    );
  }
}
