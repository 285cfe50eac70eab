import { Inject, Injectable, Logger } from '@nestjs/common';
import { seriesId, type Interval, type SeriesKey } from '@app/ohlc-core';
import { SharedPromises } from '../bookkeeping/shared-promises';
import { NO_CACHE_OBSERVER, type CacheObserver } from '../cache-observer.port';
import { describeError } from '../describe-error';
import { FillAdmission } from '../fetch/fill-admission';
import { InFlightFetches } from '../fetch/in-flight-fetches';
import { SeriesVersions } from '../l1/series-versions';
import { InjectCacheObserver, InjectL1Cache, InjectL2Cache } from '../ohlc-cache.decorators';
import { MissingSpans } from '../freshness/missing-spans';
import type { CacheRead, CacheWrite, GenerationRead, L1Cache, L2Cache } from '../ohlc-cache.port';
import type { GenerationCheck } from '../l1/ticker-generations';
import type { SeriesWindow } from './series-window';

/** What the layers held of a window; `version` is the series' L1 version before the read. */
export type LayerRead =
  /** An invalidation this instance had not seen: read again under the new generation. */
  | { readonly kind: 'stale' }
  | {
      readonly kind: 'complete';
      readonly layer: 'in-memory' | 'persistent-cache';
      readonly cached: CacheRead;
      readonly version: number;
      /** When a session read falls due for re-verification (see `Missing.nextCheckAt`). */
      readonly nextCheckAt: number;
    }
  | {
      readonly kind: 'gaps';
      readonly l1: CacheRead;
      /** What the answer builds on: L2's read, or L1's when L2 was not asked. */
      readonly cached: CacheRead;
      /** Whether `cached` is L1's own read (L2 was skipped), which L1 need not be given back. */
      readonly fromL1: boolean;
      readonly gaps: Interval[];
      /** Final sessions `cached` holds that are due for re-verification (part of `gaps`). */
      readonly due: Interval[];
      readonly nextCheckAt: number;
      readonly readError?: string;
      readonly version: number;
      /** `InFlightFetches` version before the read, for the claim (see `InFlightFetches.claim`). */
      readonly seen: number;
    };

/** Step one of the read path: L1, then L2 for what L1 lacks. */
@Injectable()
export class LayerReader {
  private readonly logger = new Logger('OhlcService');
  /** L2 reads in flight, shared by identical ones (see `readL2`). */
  private readonly l2Reads = new SharedPromises<CacheRead>();
  /** The same, for those that carry the generation's reread. */
  private readonly l2ReadsWithGeneration = new SharedPromises<GenerationRead>();

  constructor(
    @InjectL1Cache() private readonly l1: L1Cache,
    @InjectL2Cache() private readonly l2: L2Cache,
    @Inject(InFlightFetches) private readonly flights: InFlightFetches,
    private readonly versions: SeriesVersions,
    private readonly admission: FillAdmission,
    private readonly missing: MissingSpans,
    @InjectCacheObserver() private readonly observer: CacheObserver = NO_CACHE_OBSERVER,
  ) {}

  async read(window: SeriesWindow): Promise<LayerRead> {
    const { series, range, generation } = window;
    const seen = this.flights.version(series);
    const version = this.versions.of(series);
    const assumed = generation.assumed;
    const l1 = await this.l1.read(series, range, assumed);
    const inL1 = this.missing.of(window, range, l1);
    // L2 can add nothing when all L1 lacks is time only a fetch made after
    // this request began could fill (the forming candle). Nor when this
    // process is fetching all of it already (a burst of requests for a cold
    // series): the fetch looks at L2 itself under its lease, and joining it
    // is enough.
    const skipL2 = onlyFreshFetches(window, inL1.gaps) || this.flights.fetching(series, inL1.gaps);
    if (!skipL2) this.admission.checkClient(window.client);
    const l2Read = skipL2 ? undefined : this.readL2(series, range, generation, seen);
    if (!(await generation.confirm())) return { kind: 'stale' };
    this.observer.layerRead('l1', inL1.gaps.length === 0 ? 'hit' : 'miss');
    if (inL1.gaps.length === 0) {
      return {
        kind: 'complete',
        layer: 'in-memory',
        cached: l1,
        version,
        nextCheckAt: inL1.nextCheckAt,
      };
    }
    if (!l2Read) {
      return { kind: 'gaps', l1, cached: l1, fromL1: true, ...inL1, version, seen };
    }
    const read = await l2Read;
    const readError = 'error' in read ? read.error : undefined;
    const cached = 'error' in read ? { candles: [], covered: [] } : read.cached;
    const inL2 = this.missing.of(window, range, cached);
    this.observer.layerRead('l2', readError ? 'error' : inL2.gaps.length === 0 ? 'hit' : 'miss');
    if (inL2.gaps.length > 0) {
      return { kind: 'gaps', l1, cached, fromL1: false, ...inL2, readError, version, seen };
    }
    await this.l1.write(series, writeOf(cached), assumed);
    const { nextCheckAt } = inL2;
    return { kind: 'complete', layer: 'persistent-cache', cached, version, nextCheckAt };
  }

  /**
   * Reads L2, a failure logged and returned rather than thrown: the request
   * then goes upstream, marked degraded. Requests for the same range in the
   * same state share a read in flight (a burst for one series costs one):
   * the same assumed generation, so the read was sent after it was learnt,
   * and the same `InFlightFetches` version, so a fetch that finished since
   * the read was sent still refuses the claim and the request reads again.
   * When the generation is still to be confirmed from L2, the read carries it.
   */
  private readL2(
    series: SeriesKey,
    range: Interval,
    generation: GenerationCheck,
    flightVersion: number,
  ): Promise<{ cached: CacheRead } | { error: string }> {
    const key = `${seriesId(series)}|${range.from}|${range.to}|${generation.assumed}|${flightVersion}`;
    const readWithGeneration = generation.carriable
      ? this.l2.readWithGeneration?.bind(this.l2)
      : undefined;
    let read: Promise<CacheRead>;
    if (readWithGeneration) {
      const carrying = this.l2ReadsWithGeneration.share(key, () =>
        readWithGeneration(series, range),
      );
      generation.carry(() => carrying.then((r) => r.generation));
      read = carrying.then((r) => r.cached);
    } else {
      read = this.l2Reads.share(key, () => this.l2.read(series, range));
    }
    return read.then(
      (cached) => ({ cached }),
      (error: unknown) => {
        const message = describeError(error);
        this.logger.error(`L2 read for ${seriesId(series)} failed; asking upstream: ${message}`);
        return { error: message };
      },
    );
  }
}

/**
 * Whether every gap lies in the forming part, which only a check made after
 * the request began counts for: no layer can hold one yet.
 */
function onlyFreshFetches(window: SeriesWindow, gaps: readonly Interval[]): boolean {
  return window.checksSince.forming > window.now && gaps.every((g) => g.from >= window.formingFrom);
}

/** What a read holds, as a write to another layer. */
export function writeOf(read: CacheRead): CacheWrite {
  return { candles: read.candles, covered: read.covered, checks: read.checks };
}
