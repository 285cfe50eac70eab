import { Injectable } from '@nestjs/common';
import { SeriesVersions } from '../l1/series-versions';
import type { OhlcResult } from '../ohlc-result';
import { TickerGenerations } from '../l1/ticker-generations';
import type { ResultBasis } from '../result-basis';

/** A result found reusable, and what must hold for it to stay so. */
export interface FreshnessStamp {
  readonly ticker: string;
  readonly basis: ResultBasis;
  /** Epoch ms until which time alone changes nothing: the result's `expiresAt`. */
  readonly until: number;
}

/**
 * Tells whether something built from an `OhlcResult` (a finished HTTP
 * response, say) may be served again instead of asking `OhlcService`: only a
 * clean result of final candles (and, adjusted, of complete factors), only
 * until its `expiresAt` (when new candles may enter its window) or its
 * `reuseUntil` (when its corporate actions are asked for again), only while none of the series it was read from has
 * been written in L1 since, and only while the ticker's invalidation
 * generation is the one it was read under, as `TickerGenerations` knows it
 * (so an invalidation elsewhere is seen within `l1.invalidationCheckMs`).
 */
@Injectable()
export class ResultFreshness {
  constructor(
    private readonly versions: SeriesVersions,
    private readonly generations: TickerGenerations,
  ) {}

  /** The stamp to keep beside a reusable result; undefined when it must not be reused. */
  stamp(result: OhlcResult): FreshnessStamp | undefined {
    const { basis } = result;
    if (
      !basis ||
      basis.volatile ||
      result.partial ||
      result.adjustmentComplete === false ||
      result.writeFailed ||
      result.readError !== undefined
    ) {
      return undefined;
    }
    return {
      ticker: result.series.ticker,
      basis,
      until: Math.min(result.expiresAt, result.reuseUntil ?? Infinity),
    };
  }

  /**
   * Whether the stamped result still holds at `now`. Synchronous while this
   * instance's copy of the generation is fresh; otherwise it is reread first.
   */
  isFresh(stamp: FreshnessStamp, now: number): boolean | Promise<boolean> {
    if (now >= stamp.until) return false;
    for (const read of stamp.basis.reads) {
      if (this.versions.ofId(read.id) !== read.version) return false;
    }
    const generation = this.generations.peek(stamp.ticker);
    if (generation !== undefined) return generation === stamp.basis.generation;
    return this.generations
      .current(stamp.ticker)
      .then((current) => current === stamp.basis.generation);
  }
}
