import type { Interval, SeriesKey } from '@app/ohlc-core';

/**
 * A short lease on fetching part of a series, shared by every instance on one
 * L2, so that two instances never fetch the same interval at once. The
 * DynamoDB adapter keeps one lease item per coverage bucket the span touches.
 */
export interface FetchLeasePort {
  /**
   * Takes the lease for `span` unless another owner holds an unexpired one.
   * All or nothing: on false, nothing is held.
   * @param ttlMs how long the lease holds if never released, in milliseconds.
   */
  acquire(series: SeriesKey, span: Interval, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives up what `owner` holds for `span`; a lease taken over by another is left alone. */
  release(series: SeriesKey, span: Interval, owner: string): Promise<void>;
}
export const FetchLeasePort = Symbol('FetchLeasePort');
