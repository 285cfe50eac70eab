import type { Interval, SeriesKey } from '@app/ohlc-core';
import type { FetchLeasePort } from '../fetch-lease.port';

/** A hand-written lease for service tests: free unless `heldByOther` says otherwise. */
export class FakeFetchLease implements FetchLeasePort {
  heldByOther = false;
  readonly acquired: Interval[] = [];
  readonly released: Interval[] = [];

  acquire(_series: SeriesKey, span: Interval): Promise<boolean> {
    if (this.heldByOther) return Promise.resolve(false);
    this.acquired.push(span);
    return Promise.resolve(true);
  }

  release(_series: SeriesKey, span: Interval): Promise<void> {
    this.released.push(span);
    return Promise.resolve();
  }
}
