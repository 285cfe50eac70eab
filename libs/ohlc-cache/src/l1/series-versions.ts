import { Injectable } from '@nestjs/common';
import { seriesId, type SeriesKey } from '@app/ohlc-core';

/**
 * A counter per series, bumped after every L1 write of it (whatever the
 * generation): a reader that notes the version before reading knows its read
 * is still current while the version is unchanged. Versions are never
 * deleted, so no reset can make an old version look current again.
 */
@Injectable()
export class SeriesVersions {
  private readonly versions = new Map<string, number>();

  of(series: SeriesKey): number {
    return this.versions.get(seriesId(series)) ?? 0;
  }

  /** The current version of a series by its `seriesId`. */
  ofId(id: string): number {
    return this.versions.get(id) ?? 0;
  }

  bump(series: SeriesKey): void {
    const id = seriesId(series);
    this.versions.set(id, (this.versions.get(id) ?? 0) + 1);
  }
}
