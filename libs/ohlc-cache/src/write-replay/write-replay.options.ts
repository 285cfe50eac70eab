import type { WriteReplayOptions } from '../ohlc-cache.options';

export const DEFAULT_WRITE_REPLAY: WriteReplayOptions = {
  maxCandles: 500_000,
  maxBytes: 64 * 1024 * 1024,
  baseDelayMs: 500,
  // Small enough that writes land within seconds of L2 coming back.
  maxDelayMs: 5_000,
  drainTimeoutMs: 10_000,
};
