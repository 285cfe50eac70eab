import { Logger } from '@nestjs/common';
import type { InvalidationBus, InvalidationListener } from '@app/ohlc-cache';
import type { RedisConnection } from './redis-connection';

const CHANNEL = 'invalidations';

/**
 * Publishes each admin invalidation's new generation to every instance
 * (Redis pub/sub), which drops the ticker from its L1 and its kept
 * responses on arrival. A message missed while the server was down costs
 * nothing but time: each instance still rereads the generation from L2 at
 * its periodic check.
 */
export class RedisInvalidationBus implements InvalidationBus {
  private readonly logger = new Logger('SharedState');

  constructor(private readonly connection: RedisConnection) {}

  async publish(ticker: string, generation: number): Promise<void> {
    const message = JSON.stringify({ ticker, generation });
    await this.connection.run((client) =>
      client.publish(this.connection.prefix + CHANNEL, message),
    );
  }

  async subscribe(listener: InvalidationListener): Promise<void> {
    await this.connection.subscribe(CHANNEL, (message) => {
      const parsed = parse(message);
      if (parsed) listener(parsed.ticker, parsed.generation);
      else this.logger.warn('Ignored a malformed invalidation message');
    });
  }
}

function parse(message: string): { ticker: string; generation: number } | undefined {
  try {
    const value = JSON.parse(message) as { ticker?: unknown; generation?: unknown };
    return typeof value.ticker === 'string' && Number.isSafeInteger(value.generation)
      ? { ticker: value.ticker, generation: value.generation as number }
      : undefined;
  } catch {
    return undefined;
  }
}
