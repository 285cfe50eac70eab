import { applyDecorators, SetMetadata } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { ApiKeyRole } from './api-key-list';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLE = 'auth:role';
export const IS_METRICS = 'auth:metrics';

/** Served without an API key (documentation, probes). */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);

/** Needs a key of this role; any valid key otherwise. */
export const RequireRole = (role: ApiKeyRole): ClassDecorator & MethodDecorator =>
  SetMetadata(REQUIRED_ROLE, role);

/**
 * The Prometheus scrape: never throttled; open or admin-only as `METRICS_PUBLIC`
 * says, since scrapers rarely carry a bearer key but the counters name keys.
 */
export const MetricsRoute = (): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(IS_METRICS, true), RequireRole('admin'), SkipThrottle());

/**
 * Health and readiness probes: never authenticated and never throttled, so a
 * load balancer polling them cannot be locked out or starve a client.
 */
export const Probe = (): ClassDecorator & MethodDecorator =>
  applyDecorators(Public(), SkipThrottle());
