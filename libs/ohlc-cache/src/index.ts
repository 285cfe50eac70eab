export * from './cache-horizon';
export { EmbeddedDynamoDbServer } from './embedded/embedded-dynamodb.server';
export { DYNAMODB_DOCUMENT_CLIENT, EMBEDDED_DYNAMODB_SERVER } from './l2/dynamodb.tokens';
export * from './ohlc-cache.decorators';
export * from './ohlc-cache.module';
export type * from './ohlc-cache.options';
export * from './ohlc-cache.port';
export * from './ohlc-result';
export * from './ohlc.service';
