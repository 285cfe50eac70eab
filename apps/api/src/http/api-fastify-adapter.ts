import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH } from './http-limits';
import { requestIdOf } from './request-id';
import type { PipelineStages } from './pipeline-stages';
import { installRequestPipeline } from './request-pipeline';

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
 * throughput of bare `node:http`, on Fastify 0.63–0.88×. Its per-request
 * hooks are one ordered list (`installRequestPipeline`), added here, before
 * Nest registers its middleware; the stages that are the app's providers are
 * bound once they exist (`bindStages`).
 */
export class ApiFastifyAdapter extends FastifyAdapter {
  private readonly bound: { stages?: PipelineStages };

  constructor(timeouts: HttpTimeouts) {
    // Read per request: the stages exist only once the app's providers do.
    const bound: { stages?: PipelineStages } = {};
    // Requests Fastify or Node refuse before Nest sees them still get the error body.
    super({
      routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
      frameworkErrors: (
        error: Error & { code?: string },
        request: FastifyRequest,
        reply: FastifyReply,
      ) =>
        frameworkErrors(error, request, reply, (status) =>
          bound.stages?.strays.overLimit(request, status),
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
    this.bound = bound;
    installRequestPipeline(this.getInstance(), () => bound.stages);
  }

  /** Binds the pipeline's stages that are the app's providers (`configureApp`). */
  bindStages(stages: PipelineStages): void {
    this.bound.stages = stages;
  }
}
