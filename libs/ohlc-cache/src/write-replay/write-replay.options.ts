/** Bounds and pacing of the queue of L2 writes waiting for L2 to accept them. */
export interface WriteReplayOptions {
  /** Most candles the queue holds (a count); a write that would pass it is dropped and counted. */
  readonly maxCandles: number;
  /** Most bytes the queue holds (JSON size of the queued writes); likewise. */
  readonly maxBytes: number;
  /** Ceiling of the first retry's delay in milliseconds; doubles per failed retry (full jitter). */
  readonly baseDelayMs: number;
  /** Upper bound of one retry's delay in milliseconds. */
  readonly maxDelayMs: number;
  /** How long shutdown waits for the queue to drain, in milliseconds; what is left is logged as lost. */
  readonly drainTimeoutMs: number;
}

export const DEFAULT_WRITE_REPLAY: WriteReplayOptions = {
  maxCandles: 500_000,
  maxBytes: 64 * 1024 * 1024,
  baseDelayMs: 500,
  // Small enough that writes land within seconds of L2 coming back.
  maxDelayMs: 5_000,
  drainTimeoutMs: 10_000,
};
