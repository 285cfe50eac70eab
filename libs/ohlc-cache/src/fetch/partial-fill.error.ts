import { mergeIntervals } from '@app/ohlc-core';
import type { FlightResult } from './in-flight-fetches';

/**
 * A fill that failed partway through (a call failed, or the request budget
 * ran out): carries the upstream error and what the calls before it fetched,
 * already written through, so that the request can still serve them.
 */
export class PartialFillError extends Error {
  private constructor(
    /** What made the fill stop (a domain error of `@app/ohlc-core`, usually). */
    readonly error: unknown,
    /** What was fetched and stored before it. */
    readonly fetched: FlightResult,
  ) {
    super('upstream failed partway through a fill', { cause: error });
    this.name = PartialFillError.name;
  }

  /** `error` with `before` (and what a nested partial fill kept) attached. */
  static after(error: unknown, before: readonly FlightResult[]): PartialFillError {
    if (error instanceof PartialFillError) {
      return new PartialFillError(error.error, combineFlights([...before, error.fetched]));
    }
    return new PartialFillError(error, combineFlights(before));
  }

  /** What a failed flight still brought: its pieces when it failed partway, else nothing. */
  static piecesOf(error: unknown): FlightResult[] {
    return error instanceof PartialFillError ? [error.fetched] : [];
  }

  /** The upstream error behind a failed flight. */
  static causeOf(error: unknown): unknown {
    return error instanceof PartialFillError ? error.error : error;
  }
}

export function combineFlights(results: readonly FlightResult[]): FlightResult {
  return {
    candles: results.flatMap((r) => r.candles),
    covered: mergeIntervals(results.flatMap((r) => r.covered)),
    writeFailed: results.some((r) => r.writeFailed),
  };
}
