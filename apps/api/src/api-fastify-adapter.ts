import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  checkRequestLimits,
  clientErrorHandler,
  frameworkErrors,
  MAX_PARAM_LENGTH,
} from './common/http-limits';
import { securityHeaders } from './common/security-headers';
import { echoRequestId, requestIdOf } from './logging/request-id';

/** Answers a request before Nest's middleware and router see it, or declines with false. */
export interface EarlyAnswer {
  answer(request: FastifyRequest, reply: FastifyReply): boolean | Promise<boolean>;
}

/**
 * The HTTP platform. Fastify rather than Express: measured on this machine,
 * Nest on Express with no application logic reaches 0.23–0.56× the
 * throughput of bare `node:http`, on Fastify 0.63–0.88×.
 *
 * Its `onRequest` hooks are the ones every request needs (request id and
 * security headers, then the limits, so that even a 414 carries them), then
 * the early answer (`OhlcFastHits`). They are added here, before Nest
 * registers its middleware (the per-request logger of nestjs-pino, through
 * middie) on `init`, so that Fastify runs them first and a request answered
 * early pays none of that; only the hooks Nest's adapter adds in its own
 * constructor (CORS among them) run before. Guards, pipes and interceptors
 * come after.
 */
export class ApiFastifyAdapter extends FastifyAdapter {
  private early?: EarlyAnswer;

  constructor() {
    // Requests Fastify or Node refuse before Nest sees them still get the error body.
    super({
      routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
      frameworkErrors,
      clientErrorHandler,
      genReqId: requestIdOf,
    });
    const fastify = this.getInstance();
    fastify.addHook('onRequest', echoRequestId);
    fastify.addHook('onRequest', securityHeaders());
    fastify.addHook('onRequest', checkRequestLimits);
    fastify.addHook('onRequest', (request, reply, done) => {
      const answered = this.early?.answer(request, reply) ?? false;
      if (answered === false) done();
      else if (answered !== true) {
        answered.then((sent) => {
          if (!sent) done();
        }, done);
      }
    });
  }

  /** Sets what answers requests early (`configureApp`, once the app's providers exist). */
  answerEarlyWith(early: EarlyAnswer): void {
    this.early = early;
  }
}
