import type { RedisConnection } from './redis-connection';

/**
 * A Keyv store (the adapter shape cache-manager's stores take) over the
 * shared connection, for string values (Keyv serialises them first). It
 * never throws: while the server is down a read misses and a write is
 * dropped, so the tier it backs degrades to the tiers beside it. Entries
 * carry no expiry of their own; the server's `maxmemory` policy evicts them.
 */
export class RedisKeyvStore {
  /** Set by Keyv; keys arrive already prefixed with it. */
  namespace?: string;

  constructor(private readonly connection: RedisConnection) {}

  async get(key: string): Promise<string | undefined> {
    const value = await this.connection.run((client) => client.get(this.key(key)));
    return value ?? undefined;
  }

  async getMany(keys: string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    const values = await this.connection.run((client) => client.mGet(keys.map((k) => this.key(k))));
    return keys.map((_, i) => values?.[i] ?? undefined);
  }

  async set(key: string, value: string): Promise<boolean> {
    return (await this.connection.run((client) => client.set(this.key(key), value))) === 'OK';
  }

  async delete(key: string): Promise<boolean> {
    return ((await this.connection.run((client) => client.del(this.key(key)))) ?? 0) > 0;
  }

  /** Drops every entry of this store (its prefix), for `cache.clear()`. */
  async clear(): Promise<void> {
    await this.connection.run(async (client) => {
      for await (const keys of client.scanIterator({ MATCH: `${this.key('')}*`, COUNT: 500 })) {
        if (keys.length > 0) await client.unlink(keys);
      }
    });
  }

  private key(key: string): string {
    return `${this.connection.prefix}l1:${key}`;
  }
}
