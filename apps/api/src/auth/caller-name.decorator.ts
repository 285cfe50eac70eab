import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiKeyService } from './api-key.service';

/**
 * The name logs give the caller: `key <name>`, or its address when no key
 * was needed (authentication open). Needs the `ApiKeyService` the guards used.
 */
export const CallerName = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const caller = ApiKeyService.callerOf(request);
  return caller?.kind === 'key' ? `key ${caller.key.name}` : `unauthenticated ${request.ip}`;
});
