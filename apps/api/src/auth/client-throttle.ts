import { Injectable } from '@nestjs/common';
import type { Caller } from './api-key.service';
import { FixedWindowThrottlerStorage } from './fixed-window.throttler-storage';

/** The window a client's budget is counted in, ms. */
export const THROTTLE_WINDOW_MS = 60_000;
/** Prefix of the storage keys: `default:key:<name>` or `default:ip:<address>`. */
const THROTTLER_NAME = 'default';

/** The 429's detail, wherever it is sent. */
export function rateLimitedDetail(limit: number, retryAfterSeconds: number): string {
  return `Rate limit of ${limit} requests per minute exceeded; retry in ${retryAfterSeconds} s`;
}

/**
 * Per-client budgets (docs/api.md#throttling): one per API key name across
 * every route; requests without a valid key share their address's budget,
 * so guessing keys is throttled too. `Admission` counts through it, for the
 * full path and the fast one alike.
 */
@Injectable()
export class ClientThrottle {
  constructor(private readonly storage: FixedWindowThrottlerStorage) {}

  static trackerOf(caller: Caller, ip: string): string {
    return caller.kind === 'key' ? `key:${caller.key.name}` : `ip:${ip}`;
  }

  /**
   * Counts one request against a budget of `limit` a window: the
   * `X-RateLimit-*` headers of its answer, or, over the limit, when to retry.
   */
  count(
    caller: Caller,
    ip: string,
    limit: number,
  ): { headers: Record<string, string> } | { retryAfterSeconds: number } {
    const key = `${THROTTLER_NAME}:${ClientThrottle.trackerOf(caller, ip)}`;
    const { totalHits, timeToExpire, isBlocked } = this.storage.take(
      key,
      THROTTLE_WINDOW_MS,
      limit,
    );
    if (isBlocked) return { retryAfterSeconds: Math.max(1, timeToExpire) };
    return {
      headers: {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - totalHits)),
        'x-ratelimit-reset': String(timeToExpire),
      },
    };
  }
}
