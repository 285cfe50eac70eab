/**
 * `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (the
 * instant the window's count resets, in epoch seconds), as Alpaca sends them
 * on every answer.
 */
export interface RateLimitHeaders {
  /** Calls left in the current window; undefined when the header is absent or unreadable. */
  readonly remaining?: number;
  /** When the window resets, epoch ms; undefined when absent or unreadable. */
  readonly resetAt?: number;
}

const WHOLE_NUMBER = /^\d+$/;

export function readRateLimitHeaders(headers: Headers): RateLimitHeaders {
  const remaining = headers.get('x-ratelimit-remaining')?.trim() ?? '';
  const reset = headers.get('x-ratelimit-reset')?.trim() ?? '';
  return {
    ...(WHOLE_NUMBER.test(remaining) && { remaining: Number(remaining) }),
    ...(WHOLE_NUMBER.test(reset) && { resetAt: Number(reset) * 1000 }),
  };
}

/** The instant no call may go out before: the reset of a window with no call left, else none. */
export function exhaustedUntil({ remaining, resetAt }: RateLimitHeaders): number | undefined {
  return remaining === 0 ? resetAt : undefined;
}
