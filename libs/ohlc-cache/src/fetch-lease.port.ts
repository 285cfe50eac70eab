import type { Interval, SeriesKey } from '@app/ohlc-core';

/**
 * A short lease on fetching part of a series, shared by every instance on one
 * L2, so that two instances never fetch the same interval at once. The
 * DynamoDB adapter keeps one lease item per coverage bucket the span touches.
 */
export interface FetchLeasePort {
  /**
   * Takes the lease for `span` unless another owner holds an unexpired one,
   * or renews it when `owner` holds it. An owner made by `leaseOwnerPrefix`
   * also takes over, at once, a lease held by an earlier boot of its own
   * instance (it died holding it). All or nothing: on false, nothing is held.
   * @param ttlMs how long the lease holds if not renewed or released, in milliseconds.
   */
  acquire(series: SeriesKey, span: Interval, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives up what `owner` holds for `span`; a lease taken over by another is left alone. */
  release(series: SeriesKey, span: Interval, owner: string): Promise<void>;
}
export const FetchLeasePort = Symbol('FetchLeasePort');

/**
 * The start of every lease owner of one boot of an instance: `<instance>
 * <boot>/`, a flight number following. `instance` names the instance across
 * restarts (a host name, or `L2Options.instanceId`); `boot` is fresh at
 * every start. An owner with the same instance and another boot is a
 * predecessor, whose leases are dead.
 */
export function leaseOwnerPrefix(instance: string, boot: string): string {
  return `${instance.replace(/\s+/g, '_')} ${boot}/`;
}

/** The instance and boot parts of an owner made from `leaseOwnerPrefix` (undefined for others). */
export function leaseOwnerParts(owner: string): { instance: string; boot: string } | undefined {
  const match = /^(\S+ )(\S+\/)/.exec(owner);
  return match ? { instance: match[1], boot: match[1] + match[2] } : undefined;
}
