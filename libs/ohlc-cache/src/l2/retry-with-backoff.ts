import type { BackoffPolicy } from '../ohlc-cache.options';

export const DEFAULT_BACKOFF: BackoffPolicy = {
  maxAttempts: 6,
  baseDelayMs: 50,
  maxDelayMs: 2_000,
};

/**
 * Runs `attempt` with the pending work until nothing is left over, waiting
 * with full-jitter exponential backoff between attempts. Returns what is
 * still pending when the attempts run out (empty on success).
 */
export async function retryLeftovers<T>(
  pending: T,
  isDone: (pending: T) => boolean,
  attempt: (pending: T) => Promise<T>,
  policy: BackoffPolicy,
): Promise<T> {
  let left = pending;
  for (let n = 0; n < policy.maxAttempts && !isDone(left); n++) {
    if (n > 0) {
      await new Promise((resolve) => setTimeout(resolve, jitteredDelayMs(n - 1, policy)));
    }
    left = await attempt(left);
  }
  return left;
}

/**
 * Delay before retry number `retry` (0 for the first): full jitter, uniform
 * below `baseDelayMs * 2^retry` capped at `maxDelayMs`, so that instances
 * failing together do not retry in lockstep.
 */
export function jitteredDelayMs(
  retry: number,
  policy: Pick<BackoffPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return random() * ceiling;
}
