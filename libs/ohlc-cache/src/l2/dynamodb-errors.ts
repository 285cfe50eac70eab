import { CacheStoreError } from '@app/ohlc-core';

/** A conditional write whose condition did not hold: expected, never a failure of L2. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** An L2 operation's failure, as the domain error callers map (`L2 <operation> failed: <detail>`). */
export function storeError(operation: string, error: unknown): CacheStoreError {
  const detail = error instanceof Error ? error.message : String(error);
  return new CacheStoreError(`L2 ${operation} failed: ${detail}`, { cause: error });
}
