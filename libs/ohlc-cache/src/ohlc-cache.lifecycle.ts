import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EmbeddedDynamoDbServer } from './l2/embedded/embedded-dynamodb.server';
import { GapFiller } from './fetch/gap-filler';
import { InFlightFetches } from './fetch/in-flight-fetches';
import {
  InjectDynamoDbClient,
  InjectEmbeddedDynamoDbServer,
  InjectOhlcCacheOptions,
} from './ohlc-cache.decorators';
import type { OhlcCacheModuleOptions } from './ohlc-cache.options';
import { DEFAULT_WRITE_REPLAY } from './write-replay/write-replay.options';
import { WriteReplayQueue } from './write-replay/write-replay-queue';

/**
 * When the app closes (after its HTTP server has finished the requests in
 * flight): lets the fills whose requesters had gone finish into L2, for at
 * most the replay queue's drain bound, then aborts the rest; drains the queue
 * of L2 writes to replay; then releases sockets and the embedded server's
 * files, which no write can reach any more. L1's stores are disconnected by
 * `@nestjs/cache-manager` itself.
 */
@Injectable()
export class OhlcCacheLifecycle implements OnApplicationShutdown {
  constructor(
    @InjectDynamoDbClient() private readonly client: DynamoDBDocumentClient,
    @InjectEmbeddedDynamoDbServer() private readonly embedded: EmbeddedDynamoDbServer | null,
    private readonly replay: WriteReplayQueue,
    private readonly flights: InFlightFetches,
    private readonly filler: GapFiller,
    @InjectOhlcCacheOptions() private readonly options: OhlcCacheModuleOptions,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    const boundMs = this.options.l2.replay?.drainTimeoutMs ?? DEFAULT_WRITE_REPLAY.drainTimeoutMs;
    const idle = this.flights.whenIdle();
    const finished = await Promise.race([
      idle.then(() => true),
      sleep(boundMs, false, { ref: false }),
    ]);
    if (!finished) {
      this.filler.stop();
      await idle;
    }
    await this.replay.drain();
    this.client.destroy();
    await this.embedded?.close();
  }
}
