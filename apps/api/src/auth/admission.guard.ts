import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Admission } from './admission';
import { andThen, type MaybePromise } from './maybe-promise';
import { RouteAccessReader } from './route-access';

/** The global guard: every route's `RouteAccess`, decided by `Admission`. */
@Injectable()
export class AdmissionGuard implements CanActivate {
  constructor(
    private readonly admission: Admission,
    private readonly routes: RouteAccessReader,
  ) {}

  canActivate(context: ExecutionContext): MaybePromise<boolean> {
    const http = context.switchToHttp();
    const verdict = this.admission.admit(
      http.getRequest<FastifyRequest>(),
      this.routes.of(context),
      true,
    );
    return andThen(verdict, (decided) => {
      if (!decided.admitted) throw decided.refusal;
      void http.getResponse<FastifyReply>().headers(decided.headers);
      return true;
    });
  }
}
