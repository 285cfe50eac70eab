import { BatchGetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clipIntervals, mergeIntervals, type Interval, type SeriesKey } from '@app/ohlc-core';
import type { VolatileCheck } from '../ohlc-cache.port';
import { isConditionFailure } from './dynamodb-errors';
import {
  coverageBuckets,
  coverageSortKey,
  decodeSegment,
  encodeSegment,
  GENERATION_SORT_KEY,
  generationKey,
  partitionKey,
} from './l2-keys';
import { GENERATION_PROJECTION, generationOfItem } from './generation-item';
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
 * a string set of segments, in the candles' partition, and the latest
 * `VolatileCheck` of a not-yet-final span starting in the bucket.
 */
export class CoverageStore {
  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
    private readonly backoff: BackoffPolicy,
  ) {}

  /**
   * The covered parts of `range`, merged, and the checks of volatile spans
   * overlapping it; one BatchGetItem per 100 buckets. With `generationOf`,
   * the first also gets that ticker's generation item, and every item of the
   * batch is then read strongly consistent (DynamoDB sets it per table).
   */
  async read(
    series: SeriesKey,
    range: Interval,
    generationOf?: string,
  ): Promise<{ covered: Interval[]; checks: VolatileCheck[]; generation?: number }> {
    const pk = partitionKey(series);
    const keys: GetKeys = coverageBuckets(series.resolution, range).map((b) => ({
      PK: pk,
      SK: coverageSortKey(series.resolution, b.from),
    }));
    if (generationOf !== undefined) keys.unshift(generationKey(generationOf));
    const segments: Interval[] = [];
    const checks: VolatileCheck[] = [];
    let generation = generationOf === undefined ? undefined : 0;
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
                  ...(generationOf === undefined ? COVERAGE_READ : COVERAGE_AND_GENERATION_READ),
                },
              },
            }),
          );
          for (const item of out.Responses?.[this.tableName] ?? []) {
            if (item.SK === GENERATION_SORT_KEY) {
              generation = generationOfItem(item);
              continue;
            }
            segments.push(...decodeSegments((item.segments as Set<string> | undefined) ?? []));
            const check = decodeCheck(item);
            if (check && check.span.from < range.to && range.from < check.span.to) {
              checks.push(check);
            }
          }
          return (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as GetKeys;
        },
        this.backoff,
      );
      if (left.length > 0) {
        throw new Error(`${left.length} coverage reads unprocessed after retries`);
      }
    }
    return {
      covered: clipIntervals(mergeIntervals(segments), range),
      checks,
      ...(generation !== undefined && { generation }),
    };
  }

  /**
   * Records each check in the bucket its span starts in, unless a later one
   * is there already; call only once the check's candles are durable.
   */
  async check(series: SeriesKey, checks: readonly VolatileCheck[]): Promise<void> {
    const pk = partitionKey(series);
    await Promise.all(
      checks.map(async (check) => {
        const [bucket] = coverageBuckets(series.resolution, check.span);
        if (!bucket) return;
        try {
          await this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { PK: pk, SK: coverageSortKey(series.resolution, bucket.from) },
              UpdateExpression: 'SET #cf = :from, #ct = :to, #cc = :closed, #ca = :at',
              ConditionExpression: 'attribute_not_exists(#ca) OR #ca < :at',
              ExpressionAttributeNames: CHECK_NAMES,
              ExpressionAttributeValues: {
                ':from': check.span.from,
                ':to': check.span.to,
                ':closed': check.closedUntil,
                ':at': check.at,
              },
            }),
          );
        } catch (error) {
          // A later check is there already.
          if (!isConditionFailure(error)) throw error;
        }
      }),
    );
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

/** Attributes of a bucket's check (epoch ms each): span from and to, closed until, at. */
const CHECK_NAMES = {
  '#cf': 'check_from',
  '#ct': 'check_to',
  '#cc': 'check_closed_until',
  '#ca': 'check_at',
} as const;

/** What a coverage read gets of each bucket: its segments and its check. */
const COVERAGE_READ = {
  ProjectionExpression: '#segs, #cf, #ct, #cc, #ca',
  ExpressionAttributeNames: { '#segs': 'segments', ...CHECK_NAMES },
};

/**
 * The same, with the generation item among the keys: the sort key tells it
 * apart, and the read must be strongly consistent for it (see `L2Admin.generation`).
 */
const COVERAGE_AND_GENERATION_READ = {
  ProjectionExpression: `${COVERAGE_READ.ProjectionExpression}, #sk, ${GENERATION_PROJECTION.expression}`,
  ExpressionAttributeNames: {
    ...COVERAGE_READ.ExpressionAttributeNames,
    '#sk': 'SK',
    ...GENERATION_PROJECTION.names,
  },
  ConsistentRead: true,
};

function decodeCheck(item: Record<string, unknown>): VolatileCheck | undefined {
  const { check_from: from, check_to: to, check_closed_until: closedUntil, check_at: at } = item;
  if (![from, to, closedUntil, at].every((v) => typeof v === 'number')) return undefined;
  return {
    span: { from: from as number, to: to as number },
    closedUntil: closedUntil as number,
    at: at as number,
  };
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
