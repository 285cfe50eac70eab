import { QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mergeIntervals, RESOLUTIONS, type Interval, type Resolution } from '@app/ohlc-core';
import type { ClockPort } from '@app/market-hours';
import type { L2Inspector, SeriesSummary } from '../l2-inspector.port';
import { storeError } from './dynamodb-errors';
import { COVERAGE_PREFIX, decodeSegment, parseCandleSortKey, partitionKey } from './l2-keys';

type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;

/** The attributes a summary needs: keys, coverage segments, and `ttl` to leave expired candles out. */
interface InspectedItem {
  PK: string;
  SK: string;
  segments?: Set<string>;
  ttl?: number;
}
const PROJECTION = {
  ProjectionExpression: '#pk, #sk, #segs, #ttl',
  ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK', '#segs': 'segments', '#ttl': 'ttl' },
};

interface Tally {
  ticker: string;
  source: string;
  resolution: Resolution;
  candles: number;
  oldest?: number;
  newest?: number;
  segments: Interval[];
}

/**
 * `L2Inspector` on the cache table: reads the partitions' keys, coverage
 * segments and `ttl`s (never candle values) and tallies them per series.
 * Generation and lease items are skipped.
 */
export class DynamoDbL2Inspector implements L2Inspector {
  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
    private readonly clock: ClockPort,
  ) {}

  async seriesOf(ticker: string, sources: readonly string[]): Promise<SeriesSummary[]> {
    const tallies = new Map<string, Tally>();
    try {
      for (const source of sources) {
        await this.pages(
          (startKey) =>
            new QueryCommand({
              TableName: this.tableName,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeValues: { ':pk': partitionKey({ ticker, source }) },
              ...PROJECTION,
              ExclusiveStartKey: startKey,
            }),
          tallies,
        );
      }
    } catch (error) {
      throw storeError('inspection', error);
    }
    return summaries(tallies);
  }

  async allSeries(): Promise<SeriesSummary[]> {
    const tallies = new Map<string, Tally>();
    try {
      await this.pages(
        (startKey) =>
          new ScanCommand({
            TableName: this.tableName,
            ...PROJECTION,
            ExclusiveStartKey: startKey,
          }),
        tallies,
      );
    } catch (error) {
      throw storeError('scan', error);
    }
    return summaries(tallies);
  }

  private async pages(
    command: (startKey: Record<string, unknown> | undefined) => QueryCommand | ScanCommand,
    tallies: Map<string, Tally>,
  ): Promise<void> {
    const nowSeconds = this.clock.now() / 1000;
    let startKey: Record<string, unknown> | undefined;
    do {
      // Both commands answer with Items and LastEvaluatedKey; the union of their sends is not callable.
      const page = (await this.client.send(command(startKey) as QueryCommand)) as {
        Items?: Record<string, unknown>[];
        LastEvaluatedKey?: Record<string, unknown>;
      };
      for (const item of (page.Items ?? []) as unknown as InspectedItem[]) {
        tallyItem(tallies, item, nowSeconds);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
}

function tallyItem(tallies: Map<string, Tally>, item: InspectedItem, nowSeconds: number): void {
  // `{TICKER}#{source}`; a bare `{TICKER}` partition holds the generation item only.
  const hash = item.PK.indexOf('#');
  if (hash <= 0) return;
  const coverage = item.SK.startsWith(COVERAGE_PREFIX);
  const resolution = item.SK.slice(coverage ? COVERAGE_PREFIX.length : 0).split('#')[0];
  // Lease items, and anything else that is neither a candle nor coverage.
  if (!(RESOLUTIONS as readonly string[]).includes(resolution)) return;
  const ticker = item.PK.slice(0, hash);
  const source = item.PK.slice(hash + 1);
  const key = `${ticker}\u0000${source}\u0000${resolution}`;
  let tally = tallies.get(key);
  if (!tally) {
    tally = { ticker, source, resolution: resolution as Resolution, candles: 0, segments: [] };
    tallies.set(key, tally);
  }
  if (coverage) {
    for (const s of item.segments ?? []) {
      const segment = decodeSegment(s);
      if (segment) tally.segments.push(segment);
    }
    return;
  }
  // DynamoDB deletes expired items lazily: they are no longer held.
  if (item.ttl !== undefined && item.ttl <= nowSeconds) return;
  const { start } = parseCandleSortKey(item.SK);
  tally.candles++;
  tally.oldest = Math.min(tally.oldest ?? start, start);
  tally.newest = Math.max(tally.newest ?? start, start);
}

function summaries(tallies: Map<string, Tally>): SeriesSummary[] {
  const order = (r: Resolution) => RESOLUTIONS.indexOf(r);
  return [...tallies.values()]
    .sort(
      (a, b) =>
        a.ticker.localeCompare(b.ticker) ||
        a.source.localeCompare(b.source) ||
        order(a.resolution) - order(b.resolution),
    )
    .map(({ segments, ...rest }) => ({ ...rest, covered: mergeIntervals(segments) }));
}
