import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EmbeddedDynamoDbServer } from './l2/embedded/embedded-dynamodb.server';
import { InjectDynamoDbClient, InjectEmbeddedDynamoDbServer } from './ohlc-cache.decorators';

/**
 * Releases sockets and the embedded server's files when the app closes. L1's
 * stores are disconnected by `@nestjs/cache-manager` itself.
 */
@Injectable()
export class OhlcCacheLifecycle implements OnApplicationShutdown {
  constructor(
    @InjectDynamoDbClient() private readonly client: DynamoDBDocumentClient,
    @InjectEmbeddedDynamoDbServer() private readonly embedded: EmbeddedDynamoDbServer | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.client.destroy();
    await this.embedded?.close();
  }
}
