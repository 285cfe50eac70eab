import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbEndpoint {
  /** Endpoint URL (DynamoDB Local, dynalite, a proxy); AWS when absent. */
  readonly endpoint?: string;
  /** AWS region; the SDK's default chain when absent (`us-east-1` for an explicit endpoint). */
  readonly region?: string;
  /** A local server: it accepts any credentials, and fixed ones keep the SDK off the AWS chain. */
  readonly local?: boolean;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The one way this library and its tests build a DynamoDB client. */
export function createDynamoDbClient({
  endpoint,
  region,
  local,
}: DynamoDbEndpoint): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: region ?? (endpoint ? 'us-east-1' : undefined),
    ...(local && { credentials: LOCAL_CREDENTIALS }),
  });
}

/** The document client over `client`, with the marshalling the L2 mappers rely on. */
export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
