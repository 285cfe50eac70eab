import type { FastifyInstance } from 'fastify';
import { checkRequestLimits, errorsInContract, refuseRequestBodies } from './http-limits';
import type { PipelineStages, StrayRefusal } from './pipeline-stages';
import { echoRequestId } from './request-id';
import { securityHeaders } from './security-headers';

/**
 * Every per-request hook of the API, in the order Fastify runs them
 * (docs/architecture.md#http-pipeline), added when the adapter is made, so
 * that they run before the middleware Nest registers on `init` (nestjs-pino's
 * through middie): a request answered early pays none of that. Only the hooks
 * Nest's adapter adds in its own constructor, CORS among them, run earlier.
 *
 * onRequest: request id → security headers → URL limits → refusal of bodies
 * → the early answer; then Nest: middleware, router, guards (`Admission`),
 * pipes, interceptors, handler, exception filter.
 * onSend: `Connection: close` while draining → every error in the contract's
 * shape, a stray refusal counted (and 429 when over the limit).
 * onResponse / onRequestAbort: the observers, in order.
 */
export function installRequestPipeline(
  fastify: FastifyInstance,
  stages: () => PipelineStages | undefined,
): void {
  fastify.addHook('onRequest', echoRequestId);
  fastify.addHook('onRequest', securityHeaders());
  fastify.addHook('onRequest', checkRequestLimits);
  fastify.addHook('onRequest', refuseRequestBodies);
  fastify.addHook('onRequest', (request, reply, done) => {
    const answered = stages()?.early.answer(request, reply) ?? false;
    if (answered === false) done();
    else if (answered !== true) {
      answered.then((sent) => {
        if (!sent) done();
      }, done);
    }
  });

  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (stages()?.draining()) void reply.header('Connection', 'close');
    done(null, payload);
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const send = (refusal: StrayRefusal | undefined) => {
      if (refusal === undefined) {
        errorsInContract.call(fastify, request, reply, payload, done);
        return;
      }
      void reply.code(429).headers(refusal.headers).type('application/json; charset=utf-8');
      errorsInContract.call(fastify, request, reply, JSON.stringify(refusal.body), done);
    };
    const refusal = stages()?.strays.overLimit(request, reply.statusCode);
    if (refusal instanceof Promise) refusal.then(send, done);
    else send(refusal);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    for (const observer of stages()?.observers ?? []) observer.answered(request, reply);
    done();
  });
  // A chart that pans on cancels its slow requests: those end without a response.
  fastify.addHook('onRequestAbort', (request, done) => {
    for (const observer of stages()?.observers ?? []) observer.aborted?.(request);
    done();
  });
}
