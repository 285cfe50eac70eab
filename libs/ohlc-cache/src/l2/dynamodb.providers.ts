import type { Provider } from '@nestjs/common';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ClockPort } from '@app/market-hours';
import { OHLC_CACHE_OPTIONS } from '../ohlc-cache.module-definition';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';
import { L2_CACHE } from '../ohlc-cache.port';
import { EmbeddedDynamoDbServer } from '../embedded/embedded-dynamodb.server';
import { ensureCacheTable } from './cache-table';
import { DynamoDbCandleStore } from './dynamodb-candle.store';
import { DYNAMODB_DOCUMENT_CLIENT, EMBEDDED_DYNAMODB_SERVER } from './dynamodb.tokens';
import { DEFAULT_BACKOFF } from './retry-with-backoff';

/** Local servers accept any credentials; sending fixed ones keeps the SDK off the AWS chain. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export const dynamoDbProviders: Provider[] = [
  {
    provide: EMBEDDED_DYNAMODB_SERVER,
    inject: [OHLC_CACHE_OPTIONS],
    useFactory: async ({ l2 }: OhlcCacheModuleOptions) =>
      l2.backend === 'embedded' ? EmbeddedDynamoDbServer.start(l2.embeddedPath) : null,
  },
  {
    provide: DYNAMODB_DOCUMENT_CLIENT,
    inject: [OHLC_CACHE_OPTIONS, EMBEDDED_DYNAMODB_SERVER],
    useFactory: async (
      { l2 }: OhlcCacheModuleOptions,
      embedded: EmbeddedDynamoDbServer | null,
    ): Promise<DynamoDBDocumentClient> => {
      const endpoint = embedded?.endpoint ?? l2.endpoint;
      const client = new DynamoDBClient({
        endpoint,
        region: l2.region ?? (endpoint ? 'us-east-1' : undefined),
        ...(embedded && { credentials: LOCAL_CREDENTIALS }),
      });
      try {
        await ensureCacheTable(client, l2.tableName, embedded !== null || l2.createTable === true);
      } catch (error) {
        client.destroy();
        await embedded?.close();
        throw error;
      }
      return DynamoDBDocumentClient.from(client, {
        marshallOptions: { removeUndefinedValues: true },
      });
    },
  },
  {
    provide: L2_CACHE,
    inject: [DYNAMODB_DOCUMENT_CLIENT, OHLC_CACHE_OPTIONS, ClockPort],
    useFactory: (
      client: DynamoDBDocumentClient,
      { l2 }: OhlcCacheModuleOptions,
      clock: ClockPort,
    ) =>
      new DynamoDbCandleStore(client, l2.tableName, clock, { ...DEFAULT_BACKOFF, ...l2.backoff }),
  },
];
