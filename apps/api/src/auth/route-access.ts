import { Inject, Injectable, type ExecutionContext, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { ApiKeyRole } from './api-key-list';
import { IS_METRICS, IS_PUBLIC, RATE_LIMIT, REQUIRED_ROLE, UNTHROTTLED } from './auth.decorators';

/** What a route asks of a caller, as its decorators say (`auth.decorators.ts`). */
export interface RouteAccess {
  /**
   * `anyone`: no key; `key`: any valid key; `admin`: an admin key;
   * `scraper`: no key when `METRICS_PUBLIC`, else an admin key. Every route
   * is open when the service runs without keys.
   */
  readonly who: 'anyone' | 'key' | 'admin' | 'scraper';
  /** Requests per minute a client may have made when this one arrives; undefined: not counted. */
  readonly limit?: number;
}

/** A handler and its controller, where route decorators are read from. */
export type RouteTargets = Pick<ExecutionContext, 'getHandler' | 'getClass'>;

/** Reads a route's `RouteAccess` from its decorators, once per handler. */
@Injectable()
export class RouteAccessReader {
  private readonly byHandler = new WeakMap<object, RouteAccess>();
  private readonly defaultLimit: number;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.defaultLimit = config.rateLimitPerMinute;
  }

  of(route: RouteTargets): RouteAccess {
    const handler = route.getHandler();
    let access = this.byHandler.get(handler);
    if (!access) {
      access = this.read([handler, route.getClass()]);
      this.byHandler.set(handler, access);
    }
    return access;
  }

  private read(targets: [ReturnType<RouteTargets['getHandler']>, Type]): RouteAccess {
    const flag = (key: string) => this.reflector.getAllAndOverride<boolean>(key, targets) === true;
    const role = this.reflector.getAllAndOverride<ApiKeyRole | undefined>(REQUIRED_ROLE, targets);
    const who = flag(IS_PUBLIC)
      ? 'anyone'
      : flag(IS_METRICS)
        ? 'scraper'
        : role === 'admin'
          ? 'admin'
          : 'key';
    const limit = flag(UNTHROTTLED)
      ? undefined
      : (this.reflector.getAllAndOverride<number | undefined>(RATE_LIMIT, targets) ??
        this.defaultLimit);
    return { who, limit };
  }
}
