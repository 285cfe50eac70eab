import { Injectable } from '@nestjs/common';

/** A client's count after one more request. */
export interface ThrottlerStorageRecord {
  /** Requests counted in the window, this one included (one past the limit when refused). */
  readonly totalHits: number;
  /** Seconds until the window closes. */
  readonly timeToExpire: number;
  /** Over the limit: the request is refused and not counted. */
  readonly isBlocked: boolean;
  /** Seconds until a refused client may ask again (the rest of the window); 0 when not blocked. */
  readonly timeToBlockExpire: number;
}

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
 * came before it. (`@nestjs/throttler`'s default storage kept every hit's
 * expiry for the whole window and scans that list on each request, which at
 * a few thousand requests a second from one client cost more than serving
 * them.) A client over its limit is refused until its window closes.
 */
@Injectable()
export class FixedWindowThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private sweeper?: NodeJS.Timeout;

  /** Counts one request of `key` in its window of `ttl` ms, unless it is over `limit`. */
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
