import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EmbeddedDynamoDbServer } from '../embedded/embedded-dynamodb.server';
import { ensureCacheTable } from '../l2/cache-table';

/** A real dynalite server with a fresh cache table, for tests of the L2 adapter. */
export interface LocalDynamoDb {
  readonly server: EmbeddedDynamoDbServer;
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  close(): Promise<void>;
}

export async function startLocalDynamoDb(tableName = 'test-ohlc-cache'): Promise<LocalDynamoDb> {
  const server = await EmbeddedDynamoDbServer.start();
  const raw = new DynamoDBClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await ensureCacheTable(raw, tableName, true);
  const client = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    server,
    client,
    tableName,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}
