import { Injectable } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import {
  clipIntervals,
  mergeCandles,
  mergeIntervals,
  seriesId,
  toIsoSeconds,
  type Interval,
  type SeriesKey,
  type StoredCandle,
} from '@app/ohlc-core';
import { InjectClock, type ClockPort } from '@app/market-hours';
import { InjectL1CacheManager } from '../ohlc-cache.decorators';
import type { CacheRead, CacheWrite, OhlcCachePort, VolatileCheck } from '../ohlc-cache.port';
import { CandleBucket } from './candle-bucket';
import { l1Buckets } from './l1-buckets';

/**
 * L1: candles in process memory through cache-manager, one entry per bucket
 * (a compact `CandleBucket`) with the spans known complete, so any sub-range
 * of loaded data is a hit and a partly loaded range is never reported complete.
 */
@Injectable()
export class MemoryCandleStore implements OhlcCachePort {
  /** Serialises read-modify-write of one entry; the store itself has no merge. */
  private readonly locks = new Map<string, Promise<void>>();

  constructor(
    @InjectL1CacheManager() private readonly cache: Cache,
    @InjectClock() private readonly clock: ClockPort,
  ) {}

  async read(series: SeriesKey, range: Interval): Promise<CacheRead> {
    const buckets = l1Buckets(series.resolution, range);
    const keys = buckets.map((b) => this.key(series, b));
    const entries = await this.cache.mget<unknown>(keys);
    if (this.cache.stores.length > 1) await this.promote(keys, entries);
    const now = this.clock.now();
    const candles: StoredCandle[] = [];
    const covered: Interval[] = [];
    const checks: VolatileCheck[] = [];
    for (const entry of entries.map((stored) => CandleBucket.revive(stored))) {
      if (!entry) continue;
      candles.push(...entry.candlesIn(range, now));
      covered.push(...clipIntervals(entry.covered, range));
      if (entry.check && overlaps(entry.check.span, range)) checks.push(entry.check);
    }
    return { candles, covered: mergeIntervals(covered), ...(checks.length > 0 && { checks }) };
  }

  async write(series: SeriesKey, write: CacheWrite): Promise<void> {
    const span = spanOf(write);
    if (!span) return;
    await Promise.all(
      l1Buckets(series.resolution, span).map((bucket) =>
        this.withLock(this.key(series, bucket), (key) => this.mergeInto(key, bucket, write)),
      ),
    );
  }

  /**
   * Copies into the process tier what only the shared tier had (cache-manager
   * reads the tiers in order but fills none from another), so the next read
   * of it costs no round trip.
   */
  private async promote(keys: string[], entries: unknown[]): Promise<void> {
    const [local] = this.cache.stores;
    const held = await local.getMany<unknown>(keys);
    const copies = keys.flatMap((key, i) =>
      entries[i] !== undefined && held[i] === undefined ? [local.set(key, entries[i])] : [],
    );
    await Promise.all(copies);
  }

  private async mergeInto(key: string, bucket: Interval, write: CacheWrite): Promise<void> {
    const now = this.clock.now();
    const old = CandleBucket.revive(await this.cache.get<unknown>(key));
    const oldCandles = old?.all() ?? [];
    // A copy fetched while forming (or unsettled) may land after the final one, or after one
    // fetched later (a read of L2 written back once a fill has stored a newer copy): keep those.
    const held = new Map(oldCandles.map((c) => [c.start, c]));
    const fresh = write.candles.filter((c) => {
      if (c.start < bucket.from || c.start >= bucket.to) return false;
      const old = held.get(c.start);
      if (c.expiresAt === undefined || old === undefined) return true;
      return old.expiresAt !== undefined && old.fetchedAt <= c.fetchedAt;
    });
    // One check a bucket, the latest: the not-yet-final span is always a series' newest.
    const check = [old?.check, ...(write.checks ?? [])]
      .filter((c): c is VolatileCheck => c !== undefined && overlaps(c.span, bucket))
      .reduce<VolatileCheck | undefined>((a, b) => (a && a.at >= b.at ? a : b), undefined);
    const entry = CandleBucket.of(
      mergeCandles(oldCandles, fresh).filter((c) => !isExpired(c, now)),
      mergeIntervals([...(old?.covered ?? []), ...clipIntervals(write.covered, bucket)]),
      check,
    );
    await this.cache.set(key, entry);
  }

  private async withLock(key: string, task: (key: string) => Promise<void>): Promise<void> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const current = previous.then(() => task(key));
    const settled = current.catch(() => undefined);
    this.locks.set(key, settled);
    try {
      await current;
    } finally {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    }
  }

  private key(series: SeriesKey, bucket: Interval): string {
    return `ohlc:${seriesId(series)}:${toIsoSeconds(bucket.from)}`;
  }
}

function isExpired(c: StoredCandle, now: number): boolean {
  return c.expiresAt !== undefined && c.expiresAt <= now;
}

function overlaps(a: Interval, b: Interval): boolean {
  return a.from < b.to && b.from < a.to;
}

/** The span a write touches: its covered span widened to every candle and check it carries. */
function spanOf(write: CacheWrite): Interval | undefined {
  const pieces = [
    ...write.covered,
    ...(write.checks ?? []).map((c) => c.span),
    ...write.candles.map((c) => ({ from: c.start, to: c.start + 1 })),
  ];
  const from = Math.min(...pieces.map((i) => i.from));
  const to = Math.max(...pieces.map((i) => i.to));
  return to > from ? { from, to } : undefined;
}
