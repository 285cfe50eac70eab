import { Injectable } from '@nestjs/common';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InjectDynamoDbClient, InjectOhlcCacheOptions } from '../ohlc-cache.decorators';
import type { OhlcCacheModuleOptions } from '../ohlc-cache.options';

/** What a look at the cache table found. */
export interface CacheTableStatus {
  readonly tableName: string;
  /** DynamoDB's `TableStatus` (`ACTIVE`, `UPDATING`, ...). */
  readonly status: string;
}

/** Tells whether L2 answers and its table exists, for a readiness check (one `DescribeTable`). */
@Injectable()
export class CacheTableProbe {
  private readonly tableName: string;

  constructor(
    @InjectDynamoDbClient() private readonly client: DynamoDBDocumentClient,
    @InjectOhlcCacheOptions() options: OhlcCacheModuleOptions,
  ) {
    this.tableName = options.l2.tableName;
  }

  /** Rejects with the SDK's error (`ResourceNotFoundException`, a timeout, ...) when it cannot tell. */
  async check(): Promise<CacheTableStatus> {
    const out = await this.client.send(new DescribeTableCommand({ TableName: this.tableName }));
    return { tableName: this.tableName, status: out.Table?.TableStatus ?? 'UNKNOWN' };
  }
}
