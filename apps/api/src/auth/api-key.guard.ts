import {
  HttpStatus,
  Injectable,
  Logger,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiException } from '../common/error-code';
import type { ApiKeyRole } from './api-key-list';
import { ApiKeyService } from './api-key.service';
import { IS_METRICS, IS_PUBLIC, REQUIRED_ROLE } from './auth.decorators';

/** Global guard: a valid API key on every route not marked `@Public()`, the admin role where required. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) || this.keys.open) {
      return true;
    }
    if (this.reflector.getAllAndOverride<boolean>(IS_METRICS, targets) && this.keys.metricsPublic) {
      return true;
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const caller = this.keys.identify(request);
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    if (caller.kind !== 'key') {
      this.logger.warn(`401 for ${route} from ${request.ip}: ${caller.reason}`);
      throw new ApiException(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', caller.reason, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    const role = this.reflector.getAllAndOverride<ApiKeyRole | undefined>(REQUIRED_ROLE, targets);
    if (role === 'admin' && caller.key.role !== 'admin') {
      this.logger.warn(`403 for ${route}: key "${caller.key.name}" has role ${caller.key.role}`);
      throw new ApiException(
        HttpStatus.FORBIDDEN,
        'FORBIDDEN',
        `This route needs an admin key; key "${caller.key.name}" has role ${caller.key.role}`,
      );
    }
    return true;
  }
}
