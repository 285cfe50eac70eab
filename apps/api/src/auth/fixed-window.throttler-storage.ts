import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  /** Epoch ms the window closes; the count starts again after it. */
  readonly endsAt: number;
  hits: number;
}

/** How often windows that have closed are dropped, ms. */
const SWEEP_MS = 60_000;

/**
 * Per-client request counts in fixed windows (docs/api.md#throttling): one
 * counter per client and window, so a request costs the same however many
 * came before it. `@nestjs/throttler`'s default storage keeps every hit's
 * expiry for the whole window and scans that list on each request, which at
 * a few thousand requests a second from one client costs more than serving
 * them. A client over its limit is refused until its window closes.
 */
@Injectable()
export class FixedWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private sweeper?: NodeJS.Timeout;

  /** @param ttl the window, ms; `blockDuration` is the rest of the window, whatever is asked. */
  increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    return Promise.resolve(this.take(key, ttl, limit));
  }

  /** `increment` without the promise, for a caller that need not wait (the OHLC fast path). */
  take(key: string, ttl: number, limit: number): ThrottlerStorageRecord {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { endsAt: now + ttl, hits: 0 };
      this.windows.set(key, window);
      this.sweepLater();
    }
    const isBlocked = window.hits >= limit;
    if (!isBlocked) window.hits++;
    const timeToExpire = Math.ceil((window.endsAt - now) / 1000);
    return {
      totalHits: isBlocked ? window.hits + 1 : window.hits,
      timeToExpire,
      isBlocked,
      timeToBlockExpire: isBlocked ? timeToExpire : 0,
    };
  }

  private sweepLater(): void {
    if (this.sweeper) return;
    this.sweeper = setTimeout(() => {
      this.sweeper = undefined;
      const now = Date.now();
      for (const [key, window] of this.windows) {
        if (window.endsAt <= now) this.windows.delete(key);
      }
      if (this.windows.size > 0) this.sweepLater();
    }, SWEEP_MS);
    // Never what keeps the process alive.
    this.sweeper.unref();
  }
}
