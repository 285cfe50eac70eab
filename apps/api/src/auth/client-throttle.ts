import { Injectable } from '@nestjs/common';
import { InjectSharedState, type SharedState } from '@app/shared-state';
import type { Caller } from './api-key.service';
import {
  FixedWindowThrottlerStorage,
  type ThrottlerStorageRecord,
} from './fixed-window.throttler-storage';
import type { MaybePromise } from './maybe-promise';

/** A counted request: its `X-RateLimit-*` headers, or, over the limit, when to retry. */
export type Counted = { headers: Record<string, string> } | { retryAfterSeconds: number };

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
 * full path and the fast one alike. With shared state (`REDIS_URL`) the
 * counts are the fleet's; while the server is down, this instance's own.
 */
@Injectable()
export class ClientThrottle {
  constructor(
    private readonly local: FixedWindowThrottlerStorage,
    @InjectSharedState() private readonly shared: SharedState | null,
  ) {}

  static trackerOf(caller: Caller, ip: string): string {
    return caller.kind === 'key' ? `key:${caller.key.name}` : `ip:${ip}`;
  }

  /** Counts one request against a budget of `limit` a window. */
  count(caller: Caller, ip: string, limit: number): MaybePromise<Counted> {
    const key = `${THROTTLER_NAME}:${ClientThrottle.trackerOf(caller, ip)}`;
    if (!this.shared?.status.up)
      return verdictOf(this.local.take(key, THROTTLE_WINDOW_MS, limit), limit);
    return this.shared.counters
      .increment(`throttle:${key}`, THROTTLE_WINDOW_MS)
      .then((shared) =>
        verdictOf(
          shared
            ? fromWindowCount(shared.count, shared.msToReset, limit)
            : this.local.take(key, THROTTLE_WINDOW_MS, limit),
          limit,
        ),
      );
  }
}

/** A shared count as the local storage reports one. */
function fromWindowCount(count: number, msToReset: number, limit: number): ThrottlerStorageRecord {
  const timeToExpire = Math.ceil(msToReset / 1000);
  const isBlocked = count > limit;
  return {
    totalHits: count,
    timeToExpire,
    isBlocked,
    timeToBlockExpire: isBlocked ? timeToExpire : 0,
  };
}

function verdictOf(
  { totalHits, timeToExpire, isBlocked }: ThrottlerStorageRecord,
  limit: number,
): Counted {
  if (isBlocked) return { retryAfterSeconds: Math.max(1, timeToExpire) };
  return {
    headers: {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - totalHits)),
      'x-ratelimit-reset': String(timeToExpire),
    },
  };
}
