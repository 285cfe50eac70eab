import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BackoffPolicy } from '../ohlc-cache.options';
import { retryLeftovers } from './retry-with-backoff';

/** DynamoDB's limit per BatchWriteItem request. */
const WRITE_CHUNK = 25;

type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;
export type WriteRequests = NonNullable<
  NonNullable<BatchWriteCommand['input']['RequestItems']>[string]
>;

/**
 * Chunks in flight at once: a write-through of a month of 5-minute candles
 * (68 chunks) overlaps its round trips instead of paying them one by one,
 * and a burst stays small enough not to provoke throttling by itself.
 */
const CHUNKS_IN_FLIGHT = 4;

/**
 * Sends put or delete requests in `BatchWriteItem` chunks of 25, a few at a
 * time, retrying `UnprocessedItems` with backoff; throws when some are still
 * unprocessed after the last attempt, once the chunks in flight are done (no
 * chunk starts after a failure). `what` names the requests in that error
 * (`candle writes`, `deletes`).
 */
export async function batchWrite(
  client: DocumentSender,
  tableName: string,
  requests: WriteRequests,
  backoff: BackoffPolicy,
  what: string,
): Promise<void> {
  const chunks: WriteRequests[] = [];
  for (let i = 0; i < requests.length; i += WRITE_CHUNK) {
    chunks.push(requests.slice(i, i + WRITE_CHUNK));
  }
  const writeChunk = async (chunk: WriteRequests): Promise<void> => {
    const left = await retryLeftovers<WriteRequests>(
      chunk,
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
  };
  let next = 0;
  let failed: { readonly error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failed && next < chunks.length) {
      try {
        await writeChunk(chunks[next++]);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHUNKS_IN_FLIGHT, chunks.length) }, worker));
  if (failed) throw failed.error;
}
