import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

/** How long to wait for a freshly created table to become ACTIVE, in seconds. */
const TABLE_ACTIVE_WAIT_S = 60;

/**
 * Checks that the cache table exists, creating it when allowed. A missing
 * table the service may not create is a startup error that names it.
 */
export async function ensureCacheTable(
  client: DynamoDBClient,
  tableName: string,
  create: boolean,
): Promise<void> {
  if (await tableExists(client, tableName)) return;
  if (!create) {
    throw new Error(
      `DynamoDB table "${tableName}" does not exist. Deploy it (apps/infra) or set ` +
        `OHLC_CACHE_CREATE_TABLE=true to let the service create it.`,
    );
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
    }),
  );
  await waitUntilTableExists(
    { client, maxWaitTime: TABLE_ACTIVE_WAIT_S, minDelay: 1, maxDelay: 2 },
    { TableName: tableName },
  );
  await enableTtl(client, tableName);
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return false;
    throw error;
  }
}

async function enableTtl(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      }),
    );
  } catch (error) {
    // dynalite has no TTL support; reads hide expired items either way, so a
    // store without TTL only keeps dead forming candles longer.
    if (!(error instanceof Error && error.name === 'UnknownOperationException')) throw error;
  }
}
