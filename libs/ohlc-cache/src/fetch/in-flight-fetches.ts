import {
  mergeIntervals,
  seriesId,
  subtractIntervals,
  type Interval,
  type SeriesKey,
  type StoredCandle,
} from '@app/ohlc-core';
import { BoundedVersions } from '../bookkeeping/bounded-versions';
import { deferred } from '../bookkeeping/deferred';

/** What one fetch brought, once written through to both layers. */
export interface FlightResult {
  readonly candles: readonly StoredCandle[];
  /** Spans now known complete. */
  readonly covered: readonly Interval[];
  readonly writeFailed: boolean;
}

interface Flight {
  /** The gaps this flight will fill: nobody else fetches them meanwhile. */
  readonly claims: readonly Interval[];
  readonly done: Promise<FlightResult>;
}

/** A request's share of the work: flights to wait for, and what it must fetch itself. */
export interface FlightClaim {
  /** Flights already fetching part of the request's gaps. */
  readonly joined: readonly Promise<FlightResult>[];
  /** The gaps nobody fetches yet; registered to this request as of the claim. */
  readonly own: readonly Interval[];
  /** Runs the fetch of `own` (call at once); others that claim meanwhile wait for it. */
  run(task: () => Promise<FlightResult>): Promise<FlightResult>;
}

/**
 * Single-flight for overlapping (not only identical) fetches of one series.
 *
 * A request reads the layers, then claims its gaps. Reading is asynchronous,
 * so a fetch may finish between a request's read and its claim: that request
 * would then fetch again what is already stored. Each series therefore has a
 * version that every finished flight bumps; a claim made with a version seen
 * before the read is refused when a flight finished since (the caller reads
 * again). Claiming itself is synchronous, so no two requests claim the same
 * interval, and a flight stays registered until its write-through is done.
 */
export class InFlightFetches {
  private readonly flights = new Map<string, Set<Flight>>();
  /** Bounded, without a version ever reading as one a reader saw before a flight finished. */
  private readonly versions: BoundedVersions;

  /** @param maxSeries most series whose own version is kept (see `BoundedVersions`). */
  constructor(maxSeries: number) {
    this.versions = new BoundedVersions(maxSeries);
  }

  version(series: SeriesKey): number {
    return this.versions.of(seriesId(series));
  }

  /** Whether flights of this process are already fetching every part of `gaps`. */
  fetching(series: SeriesKey, gaps: readonly Interval[]): boolean {
    const flights = this.flights.get(seriesId(series));
    if (!flights) return false;
    const taken = mergeIntervals([...flights].flatMap((f) => f.claims));
    return gaps.every((g) => subtractIntervals(g, taken).length === 0);
  }

  /**
   * @param seen `version(series)` read before the layers were; undefined to claim regardless.
   * @returns undefined when a flight of the series finished since `seen`: read again.
   */
  claim(series: SeriesKey, gaps: readonly Interval[], seen?: number): FlightClaim | undefined {
    const key = seriesId(series);
    if (seen !== undefined && seen !== this.version(series)) return undefined;
    const overlapping = [...(this.flights.get(key) ?? [])].filter((f) =>
      f.claims.some((c) => gaps.some((g) => c.from < g.to && g.from < c.to)),
    );
    const taken = mergeIntervals(overlapping.flatMap((f) => f.claims));
    const own = mergeIntervals(gaps).flatMap((g) => subtractIntervals(g, taken));
    const joined = overlapping.map((f) => f.done);
    if (own.length === 0) {
      return { joined, own, run: () => Promise.reject(new Error('nothing of its own to fetch')) };
    }
    const settle = deferred<FlightResult>();
    const done = settle.promise;
    // Joiners handle a failure themselves; this one must not be reported unhandled.
    done.catch(() => undefined);
    const flight: Flight = { claims: own, done };
    const set = this.flights.get(key) ?? new Set<Flight>();
    set.add(flight);
    this.flights.set(key, set);
    const finish = () => {
      this.versions.bump(key);
      set.delete(flight);
      if (set.size === 0) this.flights.delete(key);
    };
    return {
      joined,
      own,
      run: (task) => {
        task().then(
          (result) => {
            finish();
            settle.resolve(result);
          },
          (error: unknown) => {
            finish();
            settle.reject(error);
          },
        );
        return done;
      },
    };
  }
}
