import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { StrayRefusal, StrayRequests } from '../http/pipeline-stages';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { errorBody } from '../common/error-code';
import { Admission } from './admission';
import { ApiKeyService } from './api-key.service';
import { andThen, type MaybePromise } from './maybe-promise';
import type { RouteAccess } from './route-access';

/**
 * Refusals no guard saw (an unmatched route, a URL or body the HTTP platform
 * refuses) count against the caller's limit like any request: otherwise a
 * client could probe paths or send garbage without end. Only client errors
 * count, since health probes answer 503 without passing a guard and must
 * never be throttled.
 */
@Injectable()
export class StrayRequestThrottle implements StrayRequests {
  /** A stray request is admitted as to a route open to anyone, under the default limit. */
  private readonly access: RouteAccess;

  constructor(
    private readonly admission: Admission,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.access = { who: 'anyone', limit: config.rateLimitPerMinute };
  }

  overLimit(request: FastifyRequest, status: number): MaybePromise<StrayRefusal | undefined> {
    if (status < 400 || status >= 500 || ApiKeyService.callerOf(request) !== undefined) {
      return undefined;
    }
    return andThen(this.admission.admit(request, this.access, true), (verdict) => {
      if (verdict.admitted) return undefined;
      const { refusal } = verdict;
      return { headers: { ...refusal.headers }, body: errorBody(refusal.code, refusal.message) };
    });
  }
}
