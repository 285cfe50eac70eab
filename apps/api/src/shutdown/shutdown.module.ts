import { Module } from '@nestjs/common';
import { ConnectionCloser } from './connection-closer';

/**
 * Graceful shutdown on SIGTERM/SIGINT (hooks enabled in `configureApp`): the
 * server stops accepting, the requests in flight finish and their
 * connections close, then `OhlcCacheLifecycle` drains the L2 replay queue
 * and closes the DynamoDB client and the embedded server.
 */
@Module({ providers: [ConnectionCloser] })
export class ShutdownModule {}
