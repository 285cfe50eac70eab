// The layout the dynamoCost scenario weighs against one item per candle: one item per
// series-day (a UTC day, the L1 bucket of an intraday series), its candles in one binary
// attribute (L1's CandleBucket encoding: columns of one Float64Array, 56 bytes a candle),
// under the same partition key and a candle sort key of the day's first instant, so a chart
// window is still one Query by sort-key range. Every call asks for its consumed capacity.
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { BatchWriteItemCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';

const require = createRequire(import.meta.url);
const DAY_MS = 86_400_000;
/** DynamoDB's limit per BatchWriteItem request. */
const WRITE_CHUNK = 25;

/** A scratch table of day items on `endpoint`; every method resolves with the units it spent. */
export async function dayItemTable(endpoint, tableName) {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const keys = require('../../dist/libs/ohlc-cache/src/l2/l2-keys.js');
  const { CandleBucket } = require('../../dist/libs/ohlc-cache/src/l1/candle-bucket.js');
  const { ensureCacheTable } = require('../../dist/libs/ohlc-cache/src/l2/cache-table.js');
  // The cache table's own schema (and billing mode): only the items differ.
  await ensureCacheTable(client, tableName, true);
  const dayOf = (start) => Math.floor(start / DAY_MS) * DAY_MS;

  /** Writes `candles` (StoredCandle, oldest first) of `series` as day items. */
  const write = async (series, candles) => {
    const days = new Map();
    for (const c of candles) {
      const day = dayOf(c.start);
      if (!days.has(day)) days.set(day, []);
      days.get(day).push(c);
    }
    const requests = [...days].map(([day, dayCandles]) => ({
      PutRequest: {
        Item: {
          PK: { S: keys.partitionKey(series) },
          SK: { S: keys.candleSortKey(series.resolution, day) },
          candles: { B: Buffer.from(CandleBucket.of(dayCandles, []).encode(), 'base64') },
        },
      },
    }));
    let units = 0;
    let bytes = 0;
    for (const r of requests) bytes += r.PutRequest.Item.candles.B.length;
    for (let i = 0; i < requests.length; i += WRITE_CHUNK) {
      let pending = requests.slice(i, i + WRITE_CHUNK);
      while (pending.length > 0) {
        const out = await client.send(
          new BatchWriteItemCommand({
            RequestItems: { [tableName]: pending },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        for (const c of out.ConsumedCapacity ?? []) units += c.CapacityUnits ?? 0;
        pending = out.UnprocessedItems?.[tableName] ?? [];
      }
    }
    return { items: requests.length, bytes, units };
  };

  /** Reads the candles of `series` starting in `range` as a chart window would: one Query. */
  const read = async (series, range) => {
    const [, to] = keys.candleSortKeyBounds(series.resolution, range);
    const from = keys.candleSortKey(series.resolution, dayOf(range.from));
    let units = 0;
    let candles = 0;
    let startKey;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': { S: keys.partitionKey(series) },
            ':from': { S: from },
            ':to': { S: to },
          },
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      units += page.ConsumedCapacity?.CapacityUnits ?? 0;
      for (const item of page.Items ?? []) {
        const bucket = CandleBucket.decode(Buffer.from(item.candles.B).toString('base64'));
        candles += bucket.candlesIn(range, Date.now()).length;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { candles, units };
  };

  return { write, read, close: () => client.destroy() };
}
