/**
 * Delay before retry number `attempt` (0 for the first retry): "full jitter"
 * exponential backoff, uniform in `[0, baseMs * 2^attempt)`, so that many
 * instances failing together do not retry in lockstep.
 */
export function backoffDelayMs(attempt: number, baseMs: number, random: () => number): number {
  return Math.floor(random() * baseMs * 2 ** attempt);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The reason a signal aborted, as an `Error` (a caller may abort with any value). */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  return new Error('The operation was aborted', { cause: reason });
}
