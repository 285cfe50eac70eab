import {
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Resolution } from '@app/ohlc-core';
import type { L2Admin } from '../l2-admin.port';
import { batchWrite } from './batch-write';
import { storeError } from './dynamodb-errors';
import { GENERATION_PROJECTION, generationOfItem } from './generation-item';
import { generationKey, partitionKey, resolutionSortKeyPrefixes } from './l2-keys';
import type { BackoffPolicy } from '../ohlc-cache.options';

type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;
type Key = { PK: string; SK: string };

/**
 * `L2Admin` on the cache table: deletion by partition `Query` (keys only) and
 * `BatchWriteItem` deletes; the generation is one item updated with an atomic
 * `ADD` and read with a strongly consistent `GetItem`.
 */
export class DynamoDbL2Admin implements L2Admin {
  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
    private readonly backoff: BackoffPolicy,
  ) {}

  async deleteSeries(
    ticker: string,
    sources: readonly string[],
    resolution?: Resolution,
  ): Promise<number> {
    const prefixes = resolution ? resolutionSortKeyPrefixes(resolution) : [undefined];
    let removed = 0;
    try {
      for (const source of sources) {
        for (const prefix of prefixes) {
          removed += await this.deletePartition(partitionKey({ ticker, source }), prefix);
        }
      }
    } catch (error) {
      throw storeError('delete', error);
    }
    return removed;
  }

  async generation(ticker: string): Promise<number> {
    try {
      const out = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: generationKey(ticker),
          ProjectionExpression: GENERATION_PROJECTION.expression,
          ExpressionAttributeNames: GENERATION_PROJECTION.names,
          // Another instance has just bumped it: an eventually consistent read could miss that.
          ConsistentRead: true,
        }),
      );
      return generationOfItem(out.Item);
    } catch (error) {
      throw storeError('generation read', error);
    }
  }

  async bumpGeneration(ticker: string): Promise<number> {
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: generationKey(ticker),
          UpdateExpression: 'ADD #gen :one',
          ExpressionAttributeNames: { '#gen': 'generation' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return out.Attributes?.generation as number;
    } catch (error) {
      throw storeError('generation update', error);
    }
  }

  /** Deletes the partition's items (those whose sort key starts with `prefix`); returns how many. */
  private async deletePartition(pk: string, prefix: string | undefined): Promise<number> {
    let removed = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
          ProjectionExpression: '#pk, #sk',
          ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
          ExpressionAttributeValues: { ':pk': pk, ...(prefix && { ':prefix': prefix }) },
          ExclusiveStartKey: startKey,
        }),
      );
      const keys = (page.Items ?? []) as Key[];
      const requests = keys.map(({ PK, SK }) => ({ DeleteRequest: { Key: { PK, SK } } }));
      await batchWrite(this.client, this.tableName, requests, this.backoff, 'deletes');
      removed += keys.length;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return removed;
  }
}
