import { Inject } from '@nestjs/common';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { CacheObserver } from './cache-observer.port';
import { CorporateActionsStore } from './corporate-actions-store.port';
import { FetchLeasePort } from './fetch-lease.port';
import { L2Admin } from './l2-admin.port';
import { L2Inspector } from './l2-inspector.port';
import { L1Cache, L2Cache } from './ohlc-cache.port';
import {
  DYNAMODB_DOCUMENT_CLIENT,
  EMBEDDED_DYNAMODB_SERVER,
  OHLC_CACHE_OPTIONS,
  OHLC_UPSTREAMS,
} from './ohlc-cache.tokens';

/** Injects the in-process layer (`L1Cache`). */
export const InjectL1Cache = (): ParameterDecorator => Inject(L1Cache);
/** Injects the shared persistent layer (`L2Cache`). */
export const InjectL2Cache = (): ParameterDecorator => Inject(L2Cache);
/** Injects the lease instances take before fetching (`FetchLeasePort`). */
export const InjectFetchLease = (): ParameterDecorator => Inject(FetchLeasePort);
/** Injects the module's options (`OhlcCacheModuleOptions`). */
export const InjectOhlcCacheOptions = (): ParameterDecorator => Inject(OHLC_CACHE_OPTIONS);
/** Injects the cache-manager `Cache` behind L1, obtained through `@nestjs/cache-manager`. */
export const InjectL1CacheManager = (): ParameterDecorator => Inject(CACHE_MANAGER);
/** Injects the providers to fetch from, in order (`readonly OhlcProvider[]`). */
export const InjectOhlcUpstreams = (): ParameterDecorator => Inject(OHLC_UPSTREAMS);
/** Injects the `DynamoDBDocumentClient` L2 talks through (for tools and diagnostics). */
export const InjectDynamoDbClient = (): ParameterDecorator => Inject(DYNAMODB_DOCUMENT_CLIENT);
/** Injects the embedded server (`EmbeddedDynamoDbServer | null`). */
export const InjectEmbeddedDynamoDbServer = (): ParameterDecorator =>
  Inject(EMBEDDED_DYNAMODB_SERVER);
/** Injects the shared layer's maintenance operations (`L2Admin`). */
export const InjectL2Admin = (): ParameterDecorator => Inject(L2Admin);
/** Injects what the cache reports its hits, misses and L2 latencies to (`CacheObserver`). */
export const InjectCacheObserver = (): ParameterDecorator => Inject(CacheObserver);
/** Injects the shared layer's read-only inspection (`L2Inspector`). */
export const InjectL2Inspector = (): ParameterDecorator => Inject(L2Inspector);
/** Injects where the corporate-actions feeds' answers are kept (`CorporateActionsStore`). */
export const InjectCorporateActionsStore = (): ParameterDecorator => Inject(CorporateActionsStore);
