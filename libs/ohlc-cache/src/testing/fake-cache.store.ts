import {
  clipIntervals,
  mergeCandles,
  mergeIntervals,
  type Interval,
  type SeriesKey,
  type StoredCandle,
} from '@app/ohlc-core';
import type { CacheRead, CacheWrite, OhlcCachePort } from '../ohlc-cache.port';

/** A hand-written cache layer for service tests, with switches to make it fail. */
export class FakeCacheStore implements OhlcCachePort {
  candles: StoredCandle[] = [];
  covered: Interval[] = [];
  reads = 0;
  writes: CacheWrite[] = [];
  failReads?: Error;
  failWrites?: Error;

  read(_series: SeriesKey, range: Interval): Promise<CacheRead> {
    this.reads++;
    if (this.failReads) return Promise.reject(this.failReads);
    return Promise.resolve({
      candles: this.candles.filter((c) => c.start >= range.from && c.start < range.to),
      covered: clipIntervals(mergeIntervals(this.covered), range),
    });
  }

  write(_series: SeriesKey, write: CacheWrite): Promise<void> {
    this.writes.push(write);
    if (this.failWrites) return Promise.reject(this.failWrites);
    this.candles = mergeCandles(this.candles, write.candles);
    this.covered = mergeIntervals([...this.covered, ...write.covered]);
    return Promise.resolve();
  }
}
