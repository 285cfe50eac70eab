export * from './cache-horizon';
export { EmbeddedDynamoDbServer } from './l2/embedded/embedded-dynamodb.server';
export * from './ohlc-cache.decorators';
export * from './ohlc-cache.module';
export type * from './ohlc-cache.options';
export * from './ohlc-cache.port';
export * from './ohlc-cache.tokens';
export * from './ohlc-result';
export * from './ohlc.service';
