import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../common/error-code';

/** Answers a request before Nest's middleware and router see it, or declines with false. */
export interface EarlyAnswer {
  answer(request: FastifyRequest, reply: FastifyReply): boolean | Promise<boolean>;
}

/** The 429 to send instead of a refusal no guard saw, when its caller is over the limit. */
export interface StrayRefusal {
  readonly headers: Record<string, string>;
  readonly body: ErrorBody;
}

/** Counts a refusal no guard saw against its caller (later when the count is shared). */
export interface StrayRequests {
  overLimit(
    request: FastifyRequest,
    status: number,
  ): StrayRefusal | undefined | Promise<StrayRefusal | undefined>;
}

/** Sees every request once it is answered (request log, metrics), or abandoned by its client. */
export interface RequestObserver {
  answered(request: FastifyRequest, reply: FastifyReply): void;
  aborted?(request: FastifyRequest): void;
}

/** The pipeline's stages that are the app's providers, bound once they exist (`configureApp`). */
export interface PipelineStages {
  /** The OHLC fast path. */
  readonly early: EarlyAnswer;
  readonly strays: StrayRequests;
  /** True once a graceful shutdown has begun: every answer then closes its connection. */
  readonly draining: () => boolean;
  readonly observers: readonly RequestObserver[];
}
