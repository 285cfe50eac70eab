import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { retryLeftovers, type BackoffPolicy } from './retry-with-backoff';

/** DynamoDB's limit per BatchWriteItem request. */
const WRITE_CHUNK = 25;

type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;
export type WriteRequests = NonNullable<
  NonNullable<BatchWriteCommand['input']['RequestItems']>[string]
>;

/**
 * Sends put or delete requests in `BatchWriteItem` chunks of 25, retrying
 * `UnprocessedItems` with backoff; throws when some are still unprocessed
 * after the last attempt. `what` names the requests in that error
 * (`candle writes`, `deletes`).
 */
export async function batchWrite(
  client: DocumentSender,
  tableName: string,
  requests: WriteRequests,
  backoff: BackoffPolicy,
  what: string,
): Promise<void> {
  for (let i = 0; i < requests.length; i += WRITE_CHUNK) {
    const left = await retryLeftovers<WriteRequests>(
      requests.slice(i, i + WRITE_CHUNK),
      (pending) => pending.length === 0,
      async (pending) => {
        const out = await client.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
        );
        return out.UnprocessedItems?.[tableName] ?? [];
      },
      backoff,
    );
    if (left.length > 0) {
      throw new Error(`${left.length} ${what} unprocessed after ${backoff.maxAttempts} attempts`);
    }
  }
}
