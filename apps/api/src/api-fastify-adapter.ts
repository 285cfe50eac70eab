import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './common/error-code';
import {
  checkRequestLimits,
  clientErrorHandler,
  errorsInContract,
  frameworkErrors,
  MAX_PARAM_LENGTH,
  refuseRequestBodies,
} from './common/http-limits';
import { securityHeaders } from './common/security-headers';
import { echoRequestId, requestIdOf } from './logging/request-id';

/** Answers a request before Nest's middleware and router see it, or declines with false. */
export interface EarlyAnswer {
  answer(request: FastifyRequest, reply: FastifyReply): boolean | Promise<boolean>;
}

/** Counts a refusal no guard saw against its caller; the 429 to send instead when over the limit. */
export interface StrayRequests {
  overLimit(
    request: FastifyRequest,
    status: number,
  ): { headers: Record<string, string>; body: ErrorBody } | undefined;
}

/** How long a connection may take to send its request, and may stay idle (docs/api.md#limits). */
export interface HttpTimeouts {
  /** From the first byte of a request to its last, in milliseconds. */
  readonly requestTimeoutMs: number;
  /** Longest a socket may be idle, in milliseconds. */
  readonly idleTimeoutMs: number;
}

/**
 * The HTTP platform. Fastify rather than Express: measured on this machine,
 * Nest on Express with no application logic reaches 0.23–0.56× the
 * throughput of bare `node:http`, on Fastify 0.63–0.88×.
 *
 * Its `onRequest` hooks are the ones every request needs (request id and
 * security headers, then the limits and the refusal of request bodies, so
 * that even a 414 carries them), then the early answer (`OhlcFastHits`).
 * They are added here, before Nest
 * registers its middleware (the per-request logger of nestjs-pino, through
 * middie) on `init`, so that Fastify runs them first and a request answered
 * early pays none of that; only the hooks Nest's adapter adds in its own
 * constructor (CORS among them) run before. Guards, pipes and interceptors
 * come after. One `onSend` hook puts every error, whoever sent it, in the
 * contract's shape and counts those no guard saw.
 */
export class ApiFastifyAdapter extends FastifyAdapter {
  private early?: EarlyAnswer;
  private readonly counter: { strays?: StrayRequests };

  constructor(timeouts: HttpTimeouts) {
    // Set once the app's providers exist (countStraysWith); read by the router's error handler.
    const counter: { strays?: StrayRequests } = {};
    // Requests Fastify or Node refuse before Nest sees them still get the error body.
    super({
      routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
      frameworkErrors: (
        error: Error & { code?: string },
        request: FastifyRequest,
        reply: FastifyReply,
      ) =>
        frameworkErrors(error, request, reply, (status) =>
          counter.strays?.overLimit(request, status),
        ),
      clientErrorHandler,
      genReqId: requestIdOf,
      requestTimeout: timeouts.requestTimeoutMs,
      connectionTimeout: timeouts.idleTimeoutMs,
      // Node checks the request timeout this often; its default, 30 s, would let a slow
      // request outlive a short timeout by that much.
      http: { connectionsCheckingInterval: Math.min(1_000, timeouts.requestTimeoutMs) },
      // No route takes a body (refuseRequestBodies); this bounds what the parser would buffer.
      bodyLimit: 1_024,
    });
    this.counter = counter;
    const fastify = this.getInstance();
    fastify.addHook('onRequest', echoRequestId);
    fastify.addHook('onRequest', securityHeaders());
    fastify.addHook('onRequest', checkRequestLimits);
    fastify.addHook('onRequest', refuseRequestBodies);
    fastify.addHook('onRequest', (request, reply, done) => {
      const answered = this.early?.answer(request, reply) ?? false;
      if (answered === false) done();
      else if (answered !== true) {
        answered.then((sent) => {
          if (!sent) done();
        }, done);
      }
    });
    fastify.addHook('onSend', (request, reply, payload, done) => {
      const refusal = this.counter.strays?.overLimit(request, reply.statusCode);
      if (refusal === undefined) {
        errorsInContract.call(fastify, request, reply, payload, done);
        return;
      }
      void reply.code(429).headers(refusal.headers).type('application/json; charset=utf-8');
      errorsInContract.call(fastify, request, reply, JSON.stringify(refusal.body), done);
    });
  }

  /** Sets what answers requests early (`configureApp`, once the app's providers exist). */
  answerEarlyWith(early: EarlyAnswer): void {
    this.early = early;
  }

  /** Sets what counts refusals no guard saw (`configureApp`). */
  countStraysWith(strays: StrayRequests): void {
    this.counter.strays = strays;
  }
}
