// The baseline of an L2 hit: the same items the API reads, read with the SDK
// from the benchmark process (the coverage BatchGetItem, then the candle Query).
import { createRequire } from 'node:module';
import { URLSearchParams } from 'node:url';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TABLE, get, ohlc } from './context.mjs';

const require = createRequire(import.meta.url);

/**
 * The span of candle starts the API serves for `query` (its `resolution`, `range` or
 * `start_date`, `end_date`), as @app/ohlc-query's chart window resolves it.
 */
export function chartRange(query) {
  const { MarketHoursService, NyseCalendar } = require('../../dist/libs/market-hours/src/index.js');
  const { resolveChartWindow } = require('../../dist/libs/ohlc-query/src/index.js');
  const hours = new MarketHoursService({ now: () => Date.now() }, new NyseCalendar());
  const q = new URLSearchParams(query);
  const resolution = q.get('resolution') ?? 'D';
  const { range } = resolveChartWindow(
    {
      resolution,
      range: q.get('range') ?? undefined,
      startDate: q.get('start_date') ?? undefined,
      endDate: q.get('end_date') ?? undefined,
    },
    hours,
  );
  return { resolution, range };
}

/** Raw reads of the same items with the SDK: coverage BatchGetItem, then the candle Query. */
export function rawL2(dynalite) {
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynalite.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const keys = require('../../dist/libs/ohlc-cache/src/l2/l2-keys.js');
  const { CANDLE_PROJECTION } = require('../../dist/libs/ohlc-cache/src/l2/candle-item.mapper.js');
  const read = async (tickerName, query) => {
    const { resolution, range } = chartRange(query);
    const series = { ticker: tickerName, source: 'demo', resolution };
    const pk = keys.partitionKey(series);
    const t0 = performance.now();
    await doc.send(
      new BatchGetCommand({
        RequestItems: {
          [TABLE]: {
            Keys: keys
              .coverageBuckets(resolution, range)
              .map((b) => ({ PK: pk, SK: keys.coverageSortKey(resolution, b.from) })),
            ProjectionExpression: '#segs',
            ExpressionAttributeNames: { '#segs': 'segments' },
          },
        },
      }),
    );
    const [from, to] = keys.candleSortKeyBounds(resolution, range);
    let items = 0;
    let startKey;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ProjectionExpression: CANDLE_PROJECTION.expression,
          ExpressionAttributeNames: { ...CANDLE_PROJECTION.names, '#pk': 'PK' },
          ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
          ExclusiveStartKey: startKey,
        }),
      );
      items += page.Items.length;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { ms: performance.now() - t0, items };
  };
  return { read, close: () => doc.destroy() };
}

/**
 * One L2 hit of `api` (an instance that has not read `tickerName` yet) and the raw reads of the
 * same items, API first when `apiFirst`: their times (ms). Throws unless the API read L2.
 */
export async function l2HitVsRaw(api, raw, tickerName, query, apiFirst) {
  const times = {};
  const viaApi = async () => {
    const hit = await get(api.base, ohlc(tickerName, query));
    if (hit.source !== 'persistent-cache')
      throw new Error(`${tickerName} ${query}: answered from ${hit.source}`);
    times.apiMs = hit.ms;
  };
  const direct = async () => (times.rawMs = (await raw.read(tickerName, query)).ms);
  if (apiFirst) await viaApi().then(direct);
  else await direct().then(viaApi);
  return times;
}
