import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Interval, SeriesKey } from '@app/ohlc-core';
import type { ClockPort } from '@app/market-hours';
import { leaseOwnerParts, type FetchLeasePort } from '../fetch-lease.port';
import { isConditionFailure } from './dynamodb-errors';
import { coverageBuckets, leaseSortKey, partitionKey } from './l2-keys';

type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;

/**
 * Fetch leases as items in the cache table, one per series and coverage
 * bucket, taken or renewed with a conditional `PutItem` (free, expired,
 * already ours, or left by an earlier boot of this instance) and released with a conditional `DeleteItem` (still ours). Only
 * DynamoDB's conditional writes: no lock server. `ttl` lets DynamoDB remove
 * leases nobody released.
 */
export class DynamoDbFetchLease implements FetchLeasePort {
  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
    private readonly clock: ClockPort,
  ) {}

  async acquire(series: SeriesKey, span: Interval, owner: string, ttlMs: number): Promise<boolean> {
    const taken: Record<string, string>[] = [];
    const expiresAt = this.clock.now() + ttlMs;
    const parts = leaseOwnerParts(owner);
    const free = 'attribute_not_exists(#pk) OR #exp < :now OR #owner = :owner';
    for (const key of this.keys(series, span)) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key, owner, expires_at: expiresAt, ttl: Math.ceil(expiresAt / 1000) + 60 },
            ConditionExpression: parts
              ? `${free} OR (begins_with(#owner, :instance) AND NOT begins_with(#owner, :boot))`
              : free,
            ExpressionAttributeNames: { '#pk': 'PK', '#exp': 'expires_at', '#owner': 'owner' },
            ExpressionAttributeValues: {
              ':now': this.clock.now(),
              ':owner': owner,
              ...(parts && { ':instance': parts.instance, ':boot': parts.boot }),
            },
          }),
        );
        taken.push(key);
      } catch (error) {
        await Promise.all(taken.map((k) => this.deleteIfOwned(k, owner)));
        if (isConditionFailure(error)) return false;
        throw error;
      }
    }
    return true;
  }

  async release(series: SeriesKey, span: Interval, owner: string): Promise<void> {
    await Promise.all(this.keys(series, span).map((key) => this.deleteIfOwned(key, owner)));
  }

  private keys(series: SeriesKey, span: Interval): Record<string, string>[] {
    const pk = partitionKey(series);
    return coverageBuckets(series.resolution, span).map((b) => ({
      PK: pk,
      SK: leaseSortKey(series.resolution, b.from),
    }));
  }

  private async deleteIfOwned(key: Record<string, string>, owner: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      // Expired and taken over by another instance: theirs now.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
