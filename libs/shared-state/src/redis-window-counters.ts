import type { RedisConnection } from './redis-connection';

/** One count in a fixed window: this request's number in it, and the rest of the window. */
export interface WindowCount {
  readonly count: number;
  /** Milliseconds until the window closes and the count starts again. */
  readonly msToReset: number;
}

/**
 * Counts in the first request's window of each key, one atomic script per
 * count: the increment, the window's expiry set by the request that opened
 * it, and what is left of it. Every instance counts in the same key, so a
 * limit holds across the fleet.
 */
const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }`;

export class RedisWindowCounters {
  constructor(private readonly connection: RedisConnection) {}

  /** Counts one more for `key` in its window of `windowMs`; undefined when the server is down. */
  async increment(key: string, windowMs: number): Promise<WindowCount | undefined> {
    const reply = await this.connection.run((client) =>
      client.sendCommand(['EVAL', INCREMENT, '1', this.connection.prefix + key, String(windowMs)]),
    );
    if (!Array.isArray(reply)) return undefined;
    const [count, pttl] = reply.map(Number);
    return { count, msToReset: pttl > 0 ? pttl : windowMs };
  }
}
