import { Inject } from '@nestjs/common';
import { L1_CACHE, L2_CACHE } from './ohlc-cache.port';
import { DYNAMODB_DOCUMENT_CLIENT } from './l2/dynamodb.tokens';

/** Injects the in-process layer (`OhlcCachePort`). */
export const InjectL1Cache = (): ParameterDecorator => Inject(L1_CACHE);
/** Injects the shared persistent layer (`OhlcCachePort`). */
export const InjectL2Cache = (): ParameterDecorator => Inject(L2_CACHE);
/** Injects the `DynamoDBDocumentClient` L2 talks through (for tools and diagnostics). */
export const InjectDynamoDbClient = (): ParameterDecorator => Inject(DYNAMODB_DOCUMENT_CLIENT);
