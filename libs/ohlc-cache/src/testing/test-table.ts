import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EmbeddedDynamoDbServer } from '../l2/embedded/embedded-dynamodb.server';
import { ensureCacheTable } from '../l2/cache-table';
import { createDocumentClient, createDynamoDbClient } from '../l2/dynamodb-client';

/** A fresh cache table on a local DynamoDB-compatible server, for tests of the L2 adapter. */
export interface TestTable {
  /** `http://127.0.0.1:<port>`; connect another client with `createDynamoDbClient`. */
  readonly endpoint: string;
  /** For seeding and inspecting the table behind the adapter's back. */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Destroys the client and stops the server. */
  close(): Promise<void>;
}

/** Creates the cache table on a running local server; `close` also stops the server. */
export async function openTestTable(
  endpoint: string,
  tableName: string,
  stopServer: () => Promise<void>,
): Promise<TestTable> {
  const raw = createDynamoDbClient({ endpoint, local: true });
  try {
    await ensureCacheTable(raw, tableName, true);
  } catch (error) {
    raw.destroy();
    await stopServer();
    throw error;
  }
  const client = createDocumentClient(raw);
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

/** dynalite in this process (the embedded backend, in memory): no Java needed. */
export async function startDynaliteTable(tableName = 'test-ohlc-cache'): Promise<TestTable> {
  const server = await EmbeddedDynamoDbServer.start();
  return openTestTable(server.endpoint, tableName, () => server.close());
}
