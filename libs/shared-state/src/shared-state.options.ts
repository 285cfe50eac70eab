/** Where the state instances share lives, and how long a feature waits for it. */
export interface SharedStateOptions {
  /** `redis://` or `rediss://` URL of a Redis-protocol server (Redis, Valkey, ElastiCache, …). */
  readonly url: string;
  /**
   * Longest one command may take, in milliseconds. Past it the feature
   * falls back to its per-instance form for that request, and the server
   * counts as down until a probe answers. Default 100.
   */
  readonly commandTimeoutMs?: number;
  /** How often a server counted as down is probed, in milliseconds. Default 1 000. */
  readonly probeMs?: number;
  /** Prefix of every key and channel, so several services can share one server. Default `ohlc:`. */
  readonly keyPrefix?: string;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 100;
export const DEFAULT_PROBE_MS = 1_000;
export const DEFAULT_KEY_PREFIX = 'ohlc:';
