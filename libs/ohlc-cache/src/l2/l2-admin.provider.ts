import type { Provider } from '@nestjs/common';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ClockPort } from '@app/market-hours';
import { L2Admin } from '../l2-admin.port';
import { L2Inspector } from '../l2-inspector.port';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';
import { DYNAMODB_DOCUMENT_CLIENT, OHLC_CACHE_OPTIONS } from '../ohlc-cache.tokens';
import { DynamoDbL2Admin } from './dynamodb-l2-admin';
import { DynamoDbL2Inspector } from './dynamodb-l2-inspector';
import { DEFAULT_BACKOFF } from './retry-with-backoff';

/** `L2Admin` on the same client and table as `L2Cache`. */
export const l2AdminProvider: Provider = {
  provide: L2Admin,
  inject: [DYNAMODB_DOCUMENT_CLIENT, OHLC_CACHE_OPTIONS],
  useFactory: (client: DynamoDBDocumentClient, { l2 }: OhlcCacheModuleOptions) =>
    new DynamoDbL2Admin(client, l2.tableName, { ...DEFAULT_BACKOFF, ...l2.backoff }),
};

/** `L2Inspector` on the same client and table as `L2Cache`. */
export const l2InspectorProvider: Provider = {
  provide: L2Inspector,
  inject: [DYNAMODB_DOCUMENT_CLIENT, OHLC_CACHE_OPTIONS, ClockPort],
  useFactory: (client: DynamoDBDocumentClient, { l2 }: OhlcCacheModuleOptions, clock: ClockPort) =>
    new DynamoDbL2Inspector(client, l2.tableName, clock),
};
