import { CacheStoreError } from '@app/ohlc-core';

/** One line about an error for logs and the `X-Cache-Error` header; no stack. */
export function describeError(error: unknown): string {
  if (error instanceof CacheStoreError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
