import type { OhlcResult } from '@app/ohlc-cache';

/** Response headers (docs/api.md#response-headers) that say where the data came from. */
export interface CacheMeta {
  readonly source: OhlcResult['layer'];
  readonly ageSeconds: number;
  readonly readError?: string;
  readonly writeFailed: boolean;
  readonly partial: boolean;
}

/** A handler result that carries cache headers beside its body. */
export class WithCacheMeta<T> {
  constructor(
    readonly body: T,
    readonly cache: CacheMeta,
  ) {}
}

export function cacheMetaOf(result: OhlcResult): CacheMeta {
  return {
    source: result.layer,
    ageSeconds: result.ageSeconds,
    readError: result.readError,
    writeFailed: result.writeFailed,
    partial: result.partial,
  };
}

export const CACHE_HEADERS = [
  'X-Cache-Source',
  'X-Cache-Age',
  'X-Cache-Error',
  'X-Cache-Write-Error',
  'X-Cache-Partial',
];

export function cacheHeaders(meta: CacheMeta): Record<string, string> {
  return {
    'X-Cache-Source': meta.source,
    'X-Cache-Age': String(meta.ageSeconds),
    ...(meta.readError !== undefined && { 'X-Cache-Error': meta.readError.slice(0, 200) }),
    ...(meta.writeFailed && { 'X-Cache-Write-Error': 'true' }),
    // Upstream was needed but failed: only the cached part of the range is served.
    ...(meta.partial && { 'X-Cache-Partial': 'true' }),
  };
}
