import { BatchGetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clipIntervals, mergeIntervals, type Interval, type SeriesKey } from '@app/ohlc-core';
import { isConditionFailure } from './dynamodb-errors';
import {
  coverageBuckets,
  coverageSortKey,
  decodeSegment,
  encodeSegment,
  partitionKey,
} from './l2-keys';
import type { BackoffPolicy } from '../ohlc-cache.options';
import { retryLeftovers } from './retry-with-backoff';

/** Segments a coverage bucket may hold before they are merged back into few. */
const COMPACT_ABOVE_SEGMENTS = 8;
/** DynamoDB's limit per BatchGetItem request. */
const GET_CHUNK = 100;

type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;
type GetKeys = Record<string, unknown>[];

/**
 * Coverage: which spans of a series are known complete (docs/architecture.md#coverage).
 * One item per bucket (a UTC month of intraday, a UTC year of daily) holding
 * a string set of segments, in the candles' partition.
 */
export class CoverageStore {
  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
    private readonly backoff: BackoffPolicy,
  ) {}

  /** The covered parts of `range`, merged; one BatchGetItem per 100 buckets. */
  async read(series: SeriesKey, range: Interval): Promise<Interval[]> {
    const pk = partitionKey(series);
    const keys = coverageBuckets(series.resolution, range).map((b) => ({
      PK: pk,
      SK: coverageSortKey(series.resolution, b.from),
    }));
    const segments: Interval[] = [];
    for (let i = 0; i < keys.length; i += GET_CHUNK) {
      const left = await retryLeftovers<GetKeys>(
        keys.slice(i, i + GET_CHUNK),
        (pending) => pending.length === 0,
        async (pending) => {
          const out = await this.client.send(
            new BatchGetCommand({
              RequestItems: {
                [this.tableName]: {
                  Keys: pending,
                  ProjectionExpression: '#segs',
                  ExpressionAttributeNames: { '#segs': 'segments' },
                },
              },
            }),
          );
          for (const item of out.Responses?.[this.tableName] ?? []) {
            segments.push(...decodeSegments((item.segments as Set<string> | undefined) ?? []));
          }
          return (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as GetKeys;
        },
        this.backoff,
      );
      if (left.length > 0) {
        throw new Error(`${left.length} coverage reads unprocessed after retries`);
      }
    }
    return clipIntervals(mergeIntervals(segments), range);
  }

  /** Adds `covered` to the buckets it touches; call only once its candles are durable. */
  async add(series: SeriesKey, covered: readonly Interval[]): Promise<void> {
    const pk = partitionKey(series);
    await Promise.all(
      mergeIntervals(covered)
        .flatMap((span) => clipBuckets(series, span))
        .map(({ bucket, segment }) =>
          this.addSegment({ PK: pk, SK: coverageSortKey(series.resolution, bucket.from) }, segment),
        ),
    );
  }

  /**
   * ADD to a string set is atomic and commutative, so instances writing the
   * same bucket at once never lose each other's segments. A session polled
   * every minute adds a segment per closed candle, so once a bucket holds
   * more than a few, its segments are merged back, guarded by a version so a
   * concurrent ADD is never overwritten.
   */
  private async addSegment(key: Record<string, string>, segment: Interval): Promise<void> {
    const out = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'ADD #segs :seg, #ver :one',
        ExpressionAttributeNames: { '#segs': 'segments', '#ver': 'version' },
        ExpressionAttributeValues: { ':seg': new Set([encodeSegment(segment)]), ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const stored = (out.Attributes?.segments as Set<string> | undefined) ?? new Set<string>();
    if (stored.size <= COMPACT_ABOVE_SEGMENTS) return;
    const merged = mergeIntervals(decodeSegments(stored)).map(encodeSegment);
    if (merged.length === stored.size) return;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #segs = :merged ADD #ver :one',
          ConditionExpression: '#ver = :ver',
          ExpressionAttributeNames: { '#segs': 'segments', '#ver': 'version' },
          ExpressionAttributeValues: {
            ':merged': new Set(merged),
            ':ver': out.Attributes?.version as number,
            ':one': 1,
          },
        }),
      );
    } catch (error) {
      // Someone added a segment meanwhile; the next writer compacts.
      if (!isConditionFailure(error)) throw error;
    }
  }
}

function decodeSegments(stored: Iterable<string>): Interval[] {
  return [...stored].map(decodeSegment).filter((s): s is Interval => s !== undefined);
}

function clipBuckets(series: SeriesKey, covered: Interval) {
  return coverageBuckets(series.resolution, covered).map((bucket) => ({
    bucket,
    segment: { from: Math.max(bucket.from, covered.from), to: Math.min(bucket.to, covered.to) },
  }));
}
