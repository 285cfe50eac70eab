import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiException } from '../common/error-code';
import { ApiKeyService, type Caller } from './api-key.service';
import { ClientThrottle, rateLimitedDetail } from './client-throttle';
import { andThen, type MaybePromise } from './maybe-promise';
import type { RouteAccess } from './route-access';

/** Whether a request may go on, and the headers its answer carries either way. */
export type Verdict =
  | { readonly admitted: true; readonly headers: Readonly<Record<string, string>> }
  | { readonly admitted: false; readonly refusal: ApiException };

/**
 * The one place that decides whether a request gets in (docs/api.md#throttling,
 * #authentication): who is calling, what the route requires (`RouteAccess`),
 * whether the caller is within its budget, and which headers say so. The
 * global guard asks it on the full path and `OhlcFastHits` on the fast one,
 * with the route's access kept beside the response, so both refuse exactly
 * the same requests in the same order: the budget first (a client guessing
 * keys is throttled too), then the key, then its role.
 */
@Injectable()
export class Admission {
  private readonly logger = new Logger('Auth');
  private readonly throttleLog = new Logger('Throttle');
  /** Refusals the fast path decided, for the full path to answer (rare: no cost on a hit). */
  private readonly refusals = new WeakMap<object, Verdict>();

  constructor(
    private readonly keys: ApiKeyService,
    private readonly throttle: ClientThrottle,
  ) {}

  /**
   * On the full path (`remember`: the caller is remembered on the request for
   * the handler's `@CallerName()`), a refusal the fast path already decided
   * for this request is returned as it was, so that the request is counted
   * once. On the fast path nothing is remembered unless the request is
   * refused: it then goes on to the full path, which answers that refusal.
   */
  admit(request: FastifyRequest, access: RouteAccess, remember: boolean): MaybePromise<Verdict> {
    if (remember) {
      const earlier = this.refusals.get(request);
      if (earlier) return earlier;
    }
    if (access.limit === undefined && (access.who === 'anyone' || this.keys.open)) {
      return ADMITTED;
    }
    const caller = remember
      ? this.keys.identify(request)
      : this.keys.authenticate(request.headers.authorization, request.raw.socket);
    return andThen(this.decide(request, access, caller), (verdict) => {
      if (!verdict.admitted && !remember) {
        ApiKeyService.remember(request, caller);
        this.refusals.set(request, verdict);
      }
      return verdict;
    });
  }

  private decide(
    request: FastifyRequest,
    access: RouteAccess,
    caller: Caller,
  ): MaybePromise<Verdict> {
    const { limit } = access;
    if (limit === undefined) return this.afterBudget(request, access, caller, {});
    return andThen(this.throttle.count(caller, request.ip, limit), (counted) =>
      'retryAfterSeconds' in counted
        ? refused(this.tooMany(caller, request.ip, limit, counted.retryAfterSeconds))
        : this.afterBudget(request, access, caller, counted.headers),
    );
  }

  private afterBudget(
    request: FastifyRequest,
    access: RouteAccess,
    caller: Caller,
    headers: Readonly<Record<string, string>>,
  ): Verdict {
    const refusal = this.checkKey(request, access, caller, headers);
    return refusal ? refused(refusal) : { admitted: true, headers };
  }

  private checkKey(
    request: FastifyRequest,
    { who }: RouteAccess,
    caller: Caller,
    headers: Readonly<Record<string, string>>,
  ): ApiException | undefined {
    if (who === 'anyone' || this.keys.open || (who === 'scraper' && this.keys.metricsPublic)) {
      return undefined;
    }
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    if (caller.kind !== 'key') {
      this.logger.warn(`401 for ${route} from ${request.ip}: ${caller.reason}`);
      return new ApiException(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', caller.reason, {
        ...headers,
        'WWW-Authenticate': 'Bearer',
      });
    }
    if (who !== 'key' && caller.key.role !== 'admin') {
      this.logger.warn(`403 for ${route}: key "${caller.key.name}" has role ${caller.key.role}`);
      return new ApiException(
        HttpStatus.FORBIDDEN,
        'FORBIDDEN',
        `This route needs an admin key; key "${caller.key.name}" has role ${caller.key.role}`,
        headers,
      );
    }
    return undefined;
  }

  private tooMany(caller: Caller, ip: string, limit: number, seconds: number): ApiException {
    this.throttleLog.warn(
      `429 for ${ClientThrottle.trackerOf(caller, ip)}: over ${limit} requests per minute`,
    );
    return new ApiException(
      HttpStatus.TOO_MANY_REQUESTS,
      'RATE_LIMITED',
      rateLimitedDetail(limit, seconds),
      { 'Retry-After': String(seconds) },
    );
  }
}

const ADMITTED: Verdict = { admitted: true, headers: {} };

function refused(refusal: ApiException): Verdict {
  return { admitted: false, refusal };
}
