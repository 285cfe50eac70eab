/** One series an answer was read from, with its `SeriesVersions` version before the read. */
export interface SeriesRead {
  /** `seriesId` of the series as the service names it (no generation). */
  readonly id: string;
  readonly version: number;
}

/** What an `OhlcResult` was built from, so a caller can tell whether it still holds. */
export interface ResultBasis {
  /**
   * The ticker's invalidation generation the reads were confirmed under (see
   * `GenerationCheck`): one bumped after that retires the answer.
   */
  readonly generation: number;
  /** Every series read: the requested one, and the daily one behind an adjusted view or a fallback. */
  readonly reads: readonly SeriesRead[];
  /** True when a candle read can still change: forming, or closed but unsettled. */
  readonly volatile: boolean;
}

/** Collects the reads of one `getCandles` call as it goes (its basis, less the generation). */
export class ReadLog {
  readonly reads: SeriesRead[] = [];
  volatile = false;

  note(read: SeriesRead, volatile: boolean): void {
    this.reads.push(read);
    this.volatile ||= volatile;
  }
}
