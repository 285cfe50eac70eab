import {
  BatchGetCommand,
  BatchWriteCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  CacheStoreError,
  clipIntervals,
  mergeIntervals,
  type Interval,
  type SeriesKey,
  type StoredCandle,
} from '@app/ohlc-core';
import type { ClockPort } from '@app/market-hours';
import type { CacheRead, CacheWrite, OhlcCachePort } from '../ohlc-cache.port';
import { CANDLE_PROJECTION, CandleItemMapper, type CandleItem } from './candle-item.mapper';
import {
  candleSortKeyBounds,
  coverageBuckets,
  coverageSortKey,
  decodeSegment,
  encodeSegment,
  partitionKey,
} from './l2-keys';
import { retryLeftovers, type BackoffPolicy } from './retry-with-backoff';

/** Segments a coverage bucket may hold before they are merged back into few. */
const COMPACT_ABOVE_SEGMENTS = 8;

/** DynamoDB's limits per BatchWriteItem and BatchGetItem request. */
const WRITE_CHUNK = 25;
const GET_CHUNK = 100;

type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;
type WriteRequests = NonNullable<NonNullable<BatchWriteCommand['input']['RequestItems']>[string]>;
type GetKeys = Record<string, unknown>[];

/** L2: candles and coverage in one DynamoDB table (spec section 4). */
export class DynamoDbCandleStore implements OhlcCachePort {
  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
    private readonly clock: ClockPort,
    private readonly backoff: BackoffPolicy,
  ) {}

  async read(series: SeriesKey, range: Interval): Promise<CacheRead> {
    try {
      // Coverage first: writers store candles before coverage, so coverage
      // seen now guarantees its candles are visible to the query after it.
      const covered = await this.readCoverage(series, range);
      const candles = await this.queryCandles(series, range);
      return { candles, covered };
    } catch (error) {
      throw this.storeError('read', error);
    }
  }

  async write(series: SeriesKey, write: CacheWrite): Promise<void> {
    try {
      await this.writeCandles(series, write.candles);
      // Coverage only after its candles are durable: a reader must never see
      // a span claimed complete whose candles are not all there.
      await this.addCoverage(series, write.covered);
    } catch (error) {
      throw this.storeError('write', error);
    }
  }

  private async queryCandles(series: SeriesKey, range: Interval): Promise<StoredCandle[]> {
    const [from, to] = candleSortKeyBounds(series.resolution, range);
    const nowSeconds = this.clock.now() / 1000;
    const candles: StoredCandle[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ProjectionExpression: CANDLE_PROJECTION.expression,
          ExpressionAttributeNames: { ...CANDLE_PROJECTION.names, '#pk': 'PK' },
          ExpressionAttributeValues: { ':pk': partitionKey(series), ':from': from, ':to': to },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (page.Items ?? []) as CandleItem[]) {
        // DynamoDB deletes expired items lazily, hours later: hide them now.
        if (item.ttl === undefined || item.ttl > nowSeconds) {
          candles.push(CandleItemMapper.toDomain(item));
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return candles;
  }

  private async readCoverage(series: SeriesKey, range: Interval): Promise<Interval[]> {
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

  private async writeCandles(series: SeriesKey, candles: readonly StoredCandle[]): Promise<void> {
    // One request may not name a key twice; the last copy of a candle wins.
    const items = new Map<string, CandleItem>();
    for (const c of candles) {
      const item = CandleItemMapper.toItem(series, c);
      items.set(item.SK, item);
    }
    const closed = [...items.values()].filter((item) => item.ttl === undefined);
    const forming = [...items.values()].filter((item) => item.ttl !== undefined);
    await this.batchPut(closed);
    await Promise.all(forming.map((item) => this.putUnlessFinal(item)));
  }

  private async batchPut(items: CandleItem[]): Promise<void> {
    const requests: WriteRequests = items.map((Item) => ({ PutRequest: { Item } }));
    for (let i = 0; i < requests.length; i += WRITE_CHUNK) {
      const left = await retryLeftovers<WriteRequests>(
        requests.slice(i, i + WRITE_CHUNK),
        (pending) => pending.length === 0,
        async (pending) => {
          const out = await this.client.send(
            new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
          );
          return out.UnprocessedItems?.[this.tableName] ?? [];
        },
        this.backoff,
      );
      if (left.length > 0) {
        throw new Error(
          `${left.length} candle writes unprocessed after ${this.backoff.maxAttempts} attempts`,
        );
      }
    }
  }

  /**
   * A copy fetched while forming can arrive after another request already
   * stored the final candle; it must not replace it, or the candle would
   * expire while coverage still claims it.
   */
  private async putUnlessFinal(item: CandleItem): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#pk) OR attribute_exists(#ttl)',
          ExpressionAttributeNames: { '#pk': 'PK', '#ttl': 'ttl' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async addCoverage(series: SeriesKey, covered: readonly Interval[]): Promise<void> {
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

  private storeError(operation: 'read' | 'write', error: unknown): CacheStoreError {
    const name = error instanceof Error ? error.name : 'Error';
    const detail =
      name === 'ResourceNotFoundException'
        ? `table ${this.tableName} does not exist`
        : error instanceof Error
          ? error.message
          : String(error);
    return new CacheStoreError(`L2 ${operation} failed: ${detail}`, { cause: error });
  }
}

function decodeSegments(stored: Iterable<string>): Interval[] {
  return [...stored].map(decodeSegment).filter((s): s is Interval => s !== undefined);
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function clipBuckets(series: SeriesKey, covered: Interval) {
  return coverageBuckets(series.resolution, covered).map((bucket) => ({
    bucket,
    segment: { from: Math.max(bucket.from, covered.from), to: Math.min(bucket.to, covered.to) },
  }));
}
