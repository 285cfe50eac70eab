import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { onRequestHookHandler } from 'fastify';

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
export const echoRequestId: onRequestHookHandler = (request, reply, done) => {
  void reply.header('X-Request-Id', request.id);
  done();
};
