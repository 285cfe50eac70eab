import { createHash } from 'node:crypto';
import type { FreshnessStamp } from '@app/ohlc-cache';

/** The content type of every OHLC answer. */
export const OHLC_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * A finished `OhlcResponseDto`: its bytes, built once, their ETag, and what
 * decides whether they may answer the same query again.
 */
export class PreparedOhlc {
  /** Weak, from a SHA-1 of the bytes: the tag `@fastify/etag` would compute for them. */
  readonly etag: string;

  constructor(
    readonly bytes: Buffer,
    /** The normalised query the bytes answer (ticker, window, resolution, range name, adjustment). */
    readonly key: string,
    /** Earliest `fetchedAt` of the candles served, for `X-Cache-Age` on later answers. */
    readonly oldestFetchedAt: number,
    /** Present when the bytes may be reused (see `ResultFreshness`). */
    readonly stamp: FreshnessStamp | undefined,
    /** Epoch ms until which the request's URL means the same window: the next New York midnight. */
    readonly windowUntil: number,
  ) {
    this.etag = `W/"${createHash('sha1').update(bytes).digest('base64')}"`;
  }
}
