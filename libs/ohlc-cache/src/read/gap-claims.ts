import { Inject, Injectable } from '@nestjs/common';
import type { StoredCandle } from '@app/ohlc-core';
import { FillAdmission } from '../fetch/fill-admission';
import { GapFiller } from '../fetch/gap-filler';
import { InFlightFetches } from '../fetch/in-flight-fetches';
import { PartialFillError } from '../fetch/partial-fill.error';
import { OhlcCacheCounters } from '../ohlc-cache.counters';
import type { LayerRead } from './layer-reader';
import type { SeriesWindow } from './series-window';

/** What the fills of a request's gaps brought, its own and those it joined. */
export interface Filled {
  /** Candles fetched within the window, complete or up to the failure. */
  readonly fetched: StoredCandle[];
  readonly writeFailed: boolean;
  /** Present when a fill failed: the upstream's error. */
  readonly failure?: { readonly error: unknown };
}

type Gaps = Extract<LayerRead, { kind: 'gaps' }>;

/**
 * Step two of the read path: claims the gaps no fetch of this process is
 * filling yet, joins the fetches that are, and waits for all of them.
 */
@Injectable()
export class GapClaims {
  constructor(
    @Inject(InFlightFetches) private readonly flights: InFlightFetches,
    private readonly filler: GapFiller,
    private readonly admission: FillAdmission,
    private readonly counters: OhlcCacheCounters,
  ) {}

  /**
   * @param mayReadAgain whether a fetch that finished since the read may send the request back to read again
   * @returns undefined when it should (the layers now hold more than it read)
   */
  async fill(window: SeriesWindow, read: Gaps, mayReadAgain: boolean): Promise<Filled | undefined> {
    const { series, provider, range } = window;
    // Joining fetches already running costs nothing; a fetch of its own needs a slot.
    const release = this.flights.fetching(series, read.gaps)
      ? undefined
      : this.admission.admit(window.client, provider);
    const claim = this.flights.claim(series, read.gaps, mayReadAgain ? read.seen : undefined);
    if (!claim || claim.own.length === 0) release?.();
    if (!claim) return undefined;
    this.counters.singleFlightJoins += claim.joined.length;
    const own =
      claim.own.length > 0
        ? [claim.run(() => this.run(window, read, claim.own).finally(release))]
        : [];
    const settled = await Promise.allSettled([...claim.joined, ...own]);
    const filled = settled.flatMap((s) =>
      s.status === 'fulfilled' ? [s.value] : PartialFillError.piecesOf(s.reason),
    );
    const failure = settled.find((s) => s.status === 'rejected');
    return {
      fetched: filled
        .flatMap((f) => f.candles)
        .filter((c) => c.start >= range.from && c.start < range.to),
      writeFailed: filled.some((f) => f.writeFailed),
      failure: failure && { error: PartialFillError.causeOf(failure.reason) },
    };
  }

  private run(window: SeriesWindow, read: Gaps, gaps: Parameters<GapFiller['fill']>[1]) {
    const { series, provider, now, final, formingFrom, checksSince, generation } = window;
    const reverified = read.cached.candles.filter((c) =>
      read.due.some((d) => c.start >= d.from && c.start < d.to),
    );
    return this.filler.fill(series, gaps, {
      provider,
      now,
      final,
      formingFrom,
      checksSince,
      previous: [...(read.cached.expired ?? []), ...reverified],
      reverify: read.due,
      generation: generation.assumed,
    });
  }
}
