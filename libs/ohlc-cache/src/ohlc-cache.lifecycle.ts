import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EmbeddedDynamoDbServer } from './l2/embedded/embedded-dynamodb.server';
import { InjectDynamoDbClient, InjectEmbeddedDynamoDbServer } from './ohlc-cache.decorators';
import { WriteReplayQueue } from './write-replay/write-replay-queue';

/**
 * When the app closes (after its HTTP server has finished the requests in
 * flight): drains the queue of L2 writes to replay, then releases sockets and
 * the embedded server's files. L1's stores are disconnected by
 * `@nestjs/cache-manager` itself.
 */
@Injectable()
export class OhlcCacheLifecycle implements OnApplicationShutdown {
  constructor(
    @InjectDynamoDbClient() private readonly client: DynamoDBDocumentClient,
    @InjectEmbeddedDynamoDbServer() private readonly embedded: EmbeddedDynamoDbServer | null,
    private readonly replay: WriteReplayQueue,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.replay.drain();
    this.client.destroy();
    await this.embedded?.close();
  }
}
