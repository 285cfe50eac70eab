import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EmbeddedDynamoDbServer } from '../embedded/embedded-dynamodb.server';
import { ensureCacheTable } from '../l2/cache-table';

/** A local DynamoDB-compatible server with a fresh cache table, for tests of the L2 adapter. */
export interface LocalDynamoDb {
  /** `http://127.0.0.1:<port>`; `localDynamoDbClient` connects another client to it. */
  readonly endpoint: string;
  /** For seeding and inspecting the table behind the adapter's back. */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  close(): Promise<void>;
}

/** Local servers accept any credentials; fixed ones keep the SDK off the AWS credential chain. */
export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

/** The document client the way the service builds it (see `dynamodb.providers.ts`). */
export function toDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** Creates the cache table on a running server; `close` also stops the server. */
export async function openLocalDynamoDb(
  endpoint: string,
  tableName: string,
  stopServer: () => Promise<void>,
): Promise<LocalDynamoDb> {
  const raw = localDynamoDbClient(endpoint);
  try {
    await ensureCacheTable(raw, tableName, true);
  } catch (error) {
    raw.destroy();
    await stopServer();
    throw error;
  }
  const client = toDocumentClient(raw);
  return {
    endpoint,
    client,
    tableName,
    close: async () => {
      client.destroy();
      await stopServer();
    },
  };
}

/** dynalite in this process: the embedded backend, no Java needed. */
export async function startLocalDynamoDb(tableName = 'test-ohlc-cache'): Promise<LocalDynamoDb> {
  const server = await EmbeddedDynamoDbServer.start();
  return openLocalDynamoDb(server.endpoint, tableName, () => server.close());
}
