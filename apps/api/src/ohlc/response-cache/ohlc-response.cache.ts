import { Inject, Injectable } from '@nestjs/common';
import { ByteBoundedLru, ResultFreshness, type FreshnessStamp } from '@app/ohlc-cache';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { RouteAccess } from '../../auth/route-access';
import type { PreparedOhlc } from '../prepared-ohlc';

/** A finished response kept for reuse. */
export interface KeptResponse {
  readonly bytes: Buffer;
  readonly etag: string;
  readonly oldestFetchedAt: number;
  readonly stamp: FreshnessStamp;
  /** What the route asked of callers when the response was made: the fast path asks the same. */
  readonly access: RouteAccess;
}

/** A request URL seen answered, and the normalised query it meant until `until`. */
interface Alias {
  readonly key: string;
  readonly until: number;
}

/** Heap bytes of an entry beyond its body and key: the objects, the tag, the LRU slot. */
const ENTRY_OVERHEAD_BYTES = 320;

/**
 * Finished OHLC responses by normalised query, reused while `ResultFreshness`
 * says they hold (docs/architecture.md#response-cache). Requests find them by
 * their URL: an alias records which query a URL meant on the New York day it
 * was answered (a window without `end_date` ends today), so the validation
 * and window arithmetic of a hit were done once, on the miss. Aliases and
 * responses share one LRU bounded by `RESPONSE_CACHE_MAX_BYTES`.
 */
@Injectable()
export class OhlcResponseCache {
  private readonly lru: ByteBoundedLru<KeptResponse | Alias>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly freshness: ResultFreshness,
  ) {
    this.lru = new ByteBoundedLru(
      { maxBytes: config.responseCacheMaxBytes },
      (key, value) =>
        2 * key.length +
        ENTRY_OVERHEAD_BYTES +
        ('bytes' in value ? value.bytes.length : 2 * value.key.length),
    );
  }

  /**
   * The response kept for `url`, when it still holds at `now`; a promise
   * only when the ticker's invalidation generation must be reread first.
   */
  find(url: string, now: number): KeptResponse | undefined | Promise<KeptResponse | undefined> {
    const alias = this.lru.get(`url ${url}`);
    if (!alias || 'bytes' in alias || now >= alias.until) return undefined;
    const key = `query ${alias.key}`;
    const kept = this.lru.get(key);
    if (!kept || !('bytes' in kept)) return undefined;
    const fresh = this.freshness.isFresh(kept.stamp, now);
    if (fresh === true) return kept;
    const drop = () => {
      if (this.lru.get(key) === kept) this.lru.delete(key);
      return undefined;
    };
    if (fresh === false) return drop();
    return fresh.then((ok) => (ok ? kept : drop()));
  }

  /** Keeps a response built for `url`, when it may be reused, with the access its route asks. */
  keep(url: string, prepared: PreparedOhlc, access: RouteAccess): void {
    if (!prepared.stamp) return;
    this.lru.set(`query ${prepared.key}`, {
      bytes: prepared.bytes,
      etag: prepared.etag,
      oldestFetchedAt: prepared.oldestFetchedAt,
      stamp: prepared.stamp,
      access,
    });
    this.lru.set(`url ${url}`, { key: prepared.key, until: prepared.windowUntil });
  }
}
