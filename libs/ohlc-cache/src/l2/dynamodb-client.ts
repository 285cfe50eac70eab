import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbEndpoint {
  /** Endpoint URL (DynamoDB Local, dynalite, a proxy); AWS when absent. */
  readonly endpoint?: string;
  /** AWS region; the SDK's default chain when absent (`us-east-1` for an explicit endpoint). */
  readonly region?: string;
  /** A local server: it accepts any credentials, and fixed ones keep the SDK off the AWS chain. */
  readonly local?: boolean;
  /**
   * Bound of one request in milliseconds, for connecting and for the answer
   * alike, so that no request hangs on an unresponsive server. None when absent.
   */
  readonly timeoutMs?: number;
  /** Attempts per request, the first included; the SDK's default (3) when absent. */
  readonly maxAttempts?: number;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The one way this library and its tests build a DynamoDB client. */
export function createDynamoDbClient({
  endpoint,
  region,
  local,
  timeoutMs,
  maxAttempts,
}: DynamoDbEndpoint): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: region ?? (endpoint ? 'us-east-1' : undefined),
    ...(local && { credentials: LOCAL_CREDENTIALS }),
    ...(timeoutMs !== undefined && {
      requestHandler: {
        connectionTimeout: timeoutMs,
        requestTimeout: timeoutMs,
        // Without it the SDK only warns when the request timeout passes.
        throwOnRequestTimeout: true,
      },
    }),
    maxAttempts,
  });
}

/** The document client over `client`, with the marshalling the L2 mappers rely on. */
export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
