export * from './cache-horizon';
export * from './cache-invalidation.service';
export * from './cache-observer.port';
export { CacheTableProbe, type CacheTableStatus } from './l2/cache-table-probe';
export { DEFAULT_L2_MAX_ATTEMPTS, DEFAULT_L2_TIMEOUT_MS } from './l2/dynamodb.providers';
export * from './l2/dynamodb-client';
export { DEFAULT_UPSTREAM_DEADLINE_MS } from './fetch/gap-filler';
export {
  DEFAULT_MAX_CONCURRENT_FILLS,
  DEFAULT_MAX_FILLS_PER_CLIENT_PER_MINUTE,
  FillAdmission,
} from './fetch/fill-admission';
export { L1Usage, type L1Size } from './l1/l1-usage';
export { DEFAULT_INVALIDATION_CHECK_MS } from './l1/ticker-generations';
export { EmbeddedDynamoDbServer } from './l2/embedded/embedded-dynamodb.server';
export * from './corporate-actions-store.port';
export * from './fetch-lease.port';
export { DEFAULT_REFRESH } from './freshness/refresh';
export type * from './invalidation-bus.port';
export * from './ohlc-cache.counters';
export * from './ohlc-cache.decorators';
export * from './ohlc-cache.module';
export * from './l1/byte-bounded-lru';
export * from './l2-admin.port';
export * from './l2-inspector.port';
export type * from './ohlc-cache.options';
export * from './ohlc-cache.port';
export * from './ohlc-cache.tokens';
export * from './ohlc-result';
export * from './ohlc.service';
export * from './upstream/circuit-breaker.options';
export { UpstreamBreakers, type BreakerState } from './upstream/upstream-breakers';
export * from './write-replay/write-replay.options';
export * from './write-replay/write-replay-queue';
export type * from './result-basis';
export * from './reuse/result-freshness';
