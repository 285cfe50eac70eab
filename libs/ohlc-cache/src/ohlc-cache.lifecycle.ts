import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Cache } from 'cache-manager';
import type { EmbeddedDynamoDbServer } from './embedded/embedded-dynamodb.server';
import { L1_CACHE_MANAGER } from './l1/l1.providers';
import { EMBEDDED_DYNAMODB_SERVER } from './l2/dynamodb.tokens';
import { InjectDynamoDbClient } from './ohlc-cache.decorators';

/** Releases sockets, the embedded server's files and L1 memory when the app closes. */
@Injectable()
export class OhlcCacheLifecycle implements OnApplicationShutdown {
  constructor(
    @InjectDynamoDbClient() private readonly client: DynamoDBDocumentClient,
    @Inject(EMBEDDED_DYNAMODB_SERVER) private readonly embedded: EmbeddedDynamoDbServer | null,
    @Inject(L1_CACHE_MANAGER) private readonly l1: Cache,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.client.destroy();
    await this.embedded?.close();
    await this.l1.disconnect();
  }
}
