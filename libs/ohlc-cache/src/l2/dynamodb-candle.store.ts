import { QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CacheStoreError, type Interval, type SeriesKey, type StoredCandle } from '@app/ohlc-core';
import type { ClockPort } from '@app/market-hours';
import { NO_CACHE_OBSERVER, type CacheObserver } from '../cache-observer.port';
import type { CacheRead, CacheWrite, GenerationRead, L2Cache } from '../ohlc-cache.port';
import {
  CANDLE_PROJECTION,
  CandleItemMapper,
  type CandleAttributes,
  type CandleItem,
} from './candle-item.mapper';
import { CoverageStore } from './coverage.store';
import { isConditionFailure } from './dynamodb-errors';
import { candleSortKeyBounds, partitionKey } from './l2-keys';
import { batchWrite } from './batch-write';
import type { BackoffPolicy } from '../ohlc-cache.options';

type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;

/**
 * L2: candle items and their coverage in one DynamoDB table
 * (docs/architecture.md#storage-model-l2). This file owns the candle items;
 * `CoverageStore` owns the coverage segments.
 */
export class DynamoDbCandleStore implements L2Cache {
  private readonly coverage: CoverageStore;

  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
    private readonly clock: ClockPort,
    private readonly backoff: BackoffPolicy,
    private readonly observer: CacheObserver = NO_CACHE_OBSERVER,
  ) {
    this.coverage = new CoverageStore(client, tableName, backoff);
  }

  async read(series: SeriesKey, range: Interval): Promise<CacheRead> {
    return (await this.readCoverageFirst(series, range)).cached;
  }

  /** The generation item is one more key of the coverage `BatchGetItem`. */
  async readWithGeneration(series: SeriesKey, range: Interval): Promise<GenerationRead> {
    const { cached, generation } = await this.readCoverageFirst(series, range, series.ticker);
    return { cached, generation: generation ?? 0 };
  }

  private readCoverageFirst(
    series: SeriesKey,
    range: Interval,
    generationOf?: string,
  ): Promise<{ cached: CacheRead; generation?: number }> {
    return this.timed('read', async () => {
      // Coverage first: writers store candles before coverage, so coverage
      // seen now guarantees its candles are visible to the query after it.
      const { covered, checks, generation } = await this.coverage.read(series, range, generationOf);
      const { candles, expired } = await this.queryCandles(series, range);
      const cached = { candles, covered, expired, ...(checks.length > 0 && { checks }) };
      return { cached, generation };
    });
  }

  write(series: SeriesKey, write: CacheWrite): Promise<void> {
    return this.timed('write', async () => {
      await this.writeCandles(series, write.candles);
      // Coverage and checks only after their candles are durable: a reader
      // must never see a span claimed complete whose candles are not all there.
      await Promise.all([
        this.coverage.add(series, write.covered),
        this.coverage.check(series, write.checks ?? []),
      ]);
    });
  }

  /** Runs one store operation, reporting its latency and turning its failure into `CacheStoreError`. */
  private async timed<T>(operation: 'read' | 'write', run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await run();
      this.observer.l2Operation(operation, 'ok', (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      this.observer.l2Operation(operation, 'error', (performance.now() - started) / 1000);
      throw this.storeError(operation, error);
    }
  }

  private async queryCandles(
    series: SeriesKey,
    range: Interval,
  ): Promise<{ candles: StoredCandle[]; expired: StoredCandle[] }> {
    const [from, to] = candleSortKeyBounds(series.resolution, range);
    const now = this.clock.now();
    const candles: StoredCandle[] = [];
    const expired: StoredCandle[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      // The low-level command: its items go to the mapper as attribute values (see `toDomain`).
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ProjectionExpression: CANDLE_PROJECTION.expression,
          ExpressionAttributeNames: { ...CANDLE_PROJECTION.names, '#pk': 'PK' },
          ExpressionAttributeValues: {
            ':pk': { S: partitionKey(series) },
            ':from': { S: from },
            ':to': { S: to },
          },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (page.Items ?? []) as CandleAttributes[]) {
        const candle = CandleItemMapper.toDomain(item);
        // DynamoDB deletes expired items lazily, hours later: hide them now,
        // but hand them back apart, so a refetch can tell a correction.
        (isExpired(candle, now) ? expired : candles).push(candle);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { candles, expired };
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
    const requests = items.map((Item) => ({ PutRequest: { Item } }));
    await batchWrite(this.client, this.tableName, requests, this.backoff, 'candle writes');
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

  private storeError(operation: 'read' | 'write', error: unknown): CacheStoreError {
    const name = error instanceof Error ? error.name : 'Error';
    const detail =
      name === 'ResourceNotFoundException'
        ? `ResourceNotFoundException: table ${this.tableName} does not exist`
        : error instanceof Error
          ? error.message
          : String(error);
    return new CacheStoreError(`L2 ${operation} failed: ${detail}`, { cause: error });
  }
}

function isExpired(candle: StoredCandle, now: number): boolean {
  return candle.expiresAt !== undefined && candle.expiresAt <= now;
}
