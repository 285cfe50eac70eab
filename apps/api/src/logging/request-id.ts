import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** Ids a caller may choose: short, and nothing a log reader could mistake for structure. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request's id (Fastify's `genReqId`, which pino-http then logs): the
 * caller's `X-Request-Id` when it is a plain token, a fresh UUID otherwise.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && VALID_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Echoes the request's id in the response's `X-Request-Id`. */
@Injectable()
export class RequestIdEcho implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request, reply, done) => {
      // On the raw response, not through `reply.header`: Node then keeps every
      // header Fastify writes readable, so the request's log line can name
      // X-Cache-Source.
      reply.raw.setHeader('X-Request-Id', request.id);
      done();
    });
  }
}
