import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Admission } from './admission';
import { RouteAccessReader } from './route-access';

/** The global guard: every route's `RouteAccess`, decided by `Admission`. */
@Injectable()
export class AdmissionGuard implements CanActivate {
  constructor(
    private readonly admission: Admission,
    private readonly routes: RouteAccessReader,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const verdict = this.admission.admit(
      http.getRequest<FastifyRequest>(),
      this.routes.of(context),
      true,
    );
    if (!verdict.admitted) throw verdict.refusal;
    void http.getResponse<FastifyReply>().headers(verdict.headers);
    return true;
  }
}
