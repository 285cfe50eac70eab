/*
 * The library's injection tokens that are not ports. Port tokens live beside
 * their interface and share its name (`L1Cache`, `L2Cache` in
 * ohlc-cache.port.ts); these name values, so they are SCREAMING_CASE. Those a
 * constructor injects have a typed `Inject…` decorator in ohlc-cache.decorators.ts;
 * factories name them in `inject`.
 */

/** The module's `OhlcCacheModuleOptions` (from `register` or `registerAsync`). */
export const OHLC_CACHE_OPTIONS = Symbol('OhlcCache.Options');
/** The providers `OhlcService` fetches from, in order: `options.provider`, then `options.fallbacks`. */
export const OHLC_UPSTREAMS = Symbol('OhlcCache.Upstreams');
/** The DynamoDB document client L2 talks through; destroyed on shutdown. */
export const DYNAMODB_DOCUMENT_CLIENT = Symbol('OhlcCache.DynamoDbDocumentClient');
/** The in-process DynamoDB-compatible server: present when `l2.backend` is `embedded`, else null. */
export const EMBEDDED_DYNAMODB_SERVER = Symbol('OhlcCache.EmbeddedDynamoDbServer');
