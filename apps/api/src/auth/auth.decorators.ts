import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { ApiKeyRole } from './api-key-list';

/*
 * What a route asks of its callers, read by `RouteAccessReader` into one
 * `RouteAccess` that `Admission` decides on, for the guard and the OHLC
 * fast path alike.
 */
export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLE = 'auth:role';
export const IS_METRICS = 'auth:metrics';
export const UNTHROTTLED = 'auth:unthrottled';
export const RATE_LIMIT = 'auth:rate-limit';

/** Served without an API key (documentation, probes). */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);

/** Needs a key of this role; any valid key otherwise. */
export const RequireRole = (role: ApiKeyRole): ClassDecorator & MethodDecorator =>
  SetMetadata(REQUIRED_ROLE, role);

/** Never counted against a client's budget. */
export const Unthrottled = (): ClassDecorator & MethodDecorator => SetMetadata(UNTHROTTLED, true);

/**
 * A lower limit for this route, in requests per minute, in the client's one
 * budget: a request here is refused once the client has made this many
 * anywhere in the window. Default `RATE_LIMIT_PER_MINUTE`.
 */
export const RateLimit = (perMinute: number): ClassDecorator & MethodDecorator =>
  SetMetadata(RATE_LIMIT, perMinute);

/**
 * The Prometheus scrape: never throttled; open or admin-only as `METRICS_PUBLIC`
 * says, since scrapers rarely carry a bearer key but the counters name keys.
 */
export const MetricsRoute = (): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(IS_METRICS, true), RequireRole('admin'), Unthrottled());

/**
 * Health and readiness probes: never authenticated and never throttled, so a
 * load balancer polling them cannot be locked out or starve a client.
 */
export const Probe = (): ClassDecorator & MethodDecorator =>
  applyDecorators(Public(), Unthrottled());
