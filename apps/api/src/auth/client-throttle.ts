import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Caller } from './api-key.service';
import { FixedWindowThrottlerStorage } from './fixed-window.throttler-storage';

/** The window a client's budget is counted in, ms. */
export const THROTTLE_WINDOW_MS = 60_000;
/** `@nestjs/throttler`'s name for an unnamed throttler: its headers then carry no suffix. */
const THROTTLER_NAME = 'default';

/** The 429's detail, wherever it is sent. */
export function rateLimitedDetail(limit: number, retryAfterSeconds: number): string {
  return `Rate limit of ${limit} requests per minute exceeded; retry in ${retryAfterSeconds} s`;
}

/**
 * Per-client budgets (docs/api.md#throttling): one per API key name across
 * every route; requests without a valid key share their address's budget,
 * so guessing keys is throttled too. `ClientThrottlerGuard` counts through
 * it on the full path, `OhlcFastHits` on the fast one, in the same storage.
 */
@Injectable()
export class ClientThrottle {
  readonly limit: number;

  constructor(
    private readonly storage: FixedWindowThrottlerStorage,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limit = config.rateLimitPerMinute;
  }

  static trackerOf(caller: Caller, ip: string): string {
    return caller.kind === 'key' ? `key:${caller.key.name}` : `ip:${ip}`;
  }

  static keyOf(throttlerName: string, tracker: string): string {
    return `${throttlerName}:${tracker}`;
  }

  /**
   * Counts one request: the rate-limit headers `ThrottlerGuard` would send,
   * or undefined when the client is over its limit (the full path then
   * answers the 429).
   */
  take(caller: Caller, ip: string): Record<string, string> | undefined {
    const verdict = this.count(caller, ip);
    return 'headers' in verdict ? verdict.headers : undefined;
  }

  /** Counts one request: its rate-limit headers, or, over the limit, when to retry. */
  count(
    caller: Caller,
    ip: string,
  ): { headers: Record<string, string> } | { retryAfterSeconds: number } {
    const key = ClientThrottle.keyOf(THROTTLER_NAME, ClientThrottle.trackerOf(caller, ip));
    const { totalHits, timeToExpire, isBlocked } = this.storage.take(
      key,
      THROTTLE_WINDOW_MS,
      this.limit,
    );
    if (isBlocked) return { retryAfterSeconds: Math.max(1, timeToExpire) };
    return {
      headers: {
        'x-ratelimit-limit': String(this.limit),
        'x-ratelimit-remaining': String(Math.max(0, this.limit - totalHits)),
        'x-ratelimit-reset': String(timeToExpire),
      },
    };
  }
}
