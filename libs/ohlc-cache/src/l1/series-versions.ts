import { seriesId, type SeriesKey } from '@app/ohlc-core';
import { BoundedVersions } from '../bookkeeping/bounded-versions';

/**
 * A version per series, bumped after every L1 write of it (whatever the
 * generation): a reader that notes the version before reading knows its read
 * is still current while the version is unchanged. At most
 * `L1Options.maxTrackedSeries` series keep their own; see `BoundedVersions`
 * for why dropping the others can never make an old version look current.
 */
export class SeriesVersions {
  private readonly versions: BoundedVersions;

  /** @param maxSeries most series whose own version is kept. */
  constructor(readonly maxSeries: number) {
    this.versions = new BoundedVersions(maxSeries);
  }

  of(series: SeriesKey): number {
    return this.versions.of(seriesId(series));
  }

  /** The current version of a series by its `seriesId`. */
  ofId(id: string): number {
    return this.versions.of(id);
  }

  bump(series: SeriesKey): void {
    this.versions.bump(seriesId(series));
  }

  /** Bumps a version kept beside the series' own, by its id (a ticker's corporate actions). */
  bumpId(id: string): void {
    this.versions.bump(id);
  }
}
