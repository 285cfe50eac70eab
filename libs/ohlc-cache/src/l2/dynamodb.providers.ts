import type { Provider } from '@nestjs/common';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ClockPort } from '@app/market-hours';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';
import { CacheObserver } from '../cache-observer.port';
import { CorporateActionsStore } from '../corporate-actions-store.port';
import { FetchLeasePort } from '../fetch-lease.port';
import { L2Cache } from '../ohlc-cache.port';
import {
  DYNAMODB_DOCUMENT_CLIENT,
  EMBEDDED_DYNAMODB_SERVER,
  OHLC_CACHE_OPTIONS,
} from '../ohlc-cache.tokens';
import { ensureCacheTable } from './cache-table';
import { DynamoDbCandleStore } from './dynamodb-candle.store';
import { createDocumentClient, createDynamoDbClient } from './dynamodb-client';
import { DynamoDbCorporateActionsStore } from './dynamodb-corporate-actions.store';
import { DynamoDbFetchLease } from './dynamodb-fetch-lease';
import { EmbeddedDynamoDbServer } from './embedded/embedded-dynamodb.server';
import { DEFAULT_BACKOFF } from './retry-with-backoff';

/** See `L2Options.timeoutMs` and `maxAttempts`. */
export const DEFAULT_L2_TIMEOUT_MS = 3_000;
export const DEFAULT_L2_MAX_ATTEMPTS = 3;

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
      const client = createDynamoDbClient({
        endpoint: embedded?.endpoint ?? l2.endpoint,
        region: l2.region,
        local: embedded !== null,
        timeoutMs: l2.timeoutMs ?? DEFAULT_L2_TIMEOUT_MS,
        maxAttempts: l2.maxAttempts ?? DEFAULT_L2_MAX_ATTEMPTS,
      });
      try {
        await ensureCacheTable(client, l2.tableName, embedded !== null || l2.createTable === true);
      } catch (error) {
        client.destroy();
        await embedded?.close();
        throw error;
      }
      return createDocumentClient(client);
    },
  },
  {
    provide: L2Cache,
    inject: [DYNAMODB_DOCUMENT_CLIENT, OHLC_CACHE_OPTIONS, ClockPort, CacheObserver],
    useFactory: (
      client: DynamoDBDocumentClient,
      { l2 }: OhlcCacheModuleOptions,
      clock: ClockPort,
      observer: CacheObserver,
    ) =>
      new DynamoDbCandleStore(
        client,
        l2.tableName,
        clock,
        { ...DEFAULT_BACKOFF, ...l2.backoff },
        observer,
      ),
  },
  {
    provide: CorporateActionsStore,
    inject: [DYNAMODB_DOCUMENT_CLIENT, OHLC_CACHE_OPTIONS],
    useFactory: (client: DynamoDBDocumentClient, { l2 }: OhlcCacheModuleOptions) =>
      new DynamoDbCorporateActionsStore(client, l2.tableName),
  },
  {
    provide: FetchLeasePort,
    inject: [DYNAMODB_DOCUMENT_CLIENT, OHLC_CACHE_OPTIONS, ClockPort],
    useFactory: (
      client: DynamoDBDocumentClient,
      { l2 }: OhlcCacheModuleOptions,
      clock: ClockPort,
    ) => new DynamoDbFetchLease(client, l2.tableName, clock),
  },
];
