import { applyDecorators, SetMetadata } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { ApiKeyRole } from './api-key-list';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLE = 'auth:role';

/** Served without an API key (documentation, probes). */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);

/** Needs a key of this role; any valid key otherwise. */
export const RequireRole = (role: ApiKeyRole): ClassDecorator & MethodDecorator =>
  SetMetadata(REQUIRED_ROLE, role);

/**
 * Health and readiness probes: never authenticated and never throttled, so a
 * load balancer polling them cannot be locked out or starve a client.
 */
export const Probe = (): ClassDecorator & MethodDecorator =>
  applyDecorators(Public(), SkipThrottle());
