/**
 * The DynamoDB actions each L2 adapter of `@app/ohlc-cache` sends to the cache table, by the
 * source file that sends them (`libs/ohlc-cache/src/l2/<file>.ts`):
 *
 * - `cache-table`: `DescribeTable`, the startup check (and `CacheTableProbe`, the readiness one).
 * - `dynamodb-candle.store`: candle `Query` and `BatchWriteItem`, coverage `BatchGetItem` and
 *   `UpdateItem` (checks of not-yet-final spans ride on it), the conditional `PutItem` of a
 *   forming candle.
 * - `dynamodb-corporate-actions.store`: the corporate-actions item of a ticker and provider
 *   (`GetItem`, the conditional `UpdateItem` that claims its refresh, `PutItem` of the answer).
 * - `dynamodb-fetch-lease`: taking a fetch lease (conditional `PutItem`), releasing it
 *   (`DeleteItem`).
 * - `dynamodb-l2-admin`: the invalidation (`Query` for the keys, `BatchWriteItem` deletes) and a
 *   ticker's generation (`UpdateItem` ADD, `GetItem`, read on every request's path too).
 * - `dynamodb-l2-inspector`: the operator's `stats`: `Query` per ticker, `Scan` for all.
 *
 * `ohlc-cache-policy.drift.spec.ts` records what each file really sends during the L2 contract
 * suite and fails on any difference with this table. Creating the table (`CreateTable`,
 * `UpdateTimeToLive`, only with OHLC_CACHE_CREATE_TABLE=true) is not granted to anyone here.
 */
export const L2_ADAPTER_ACTIONS = {
  'cache-table': ['dynamodb:DescribeTable'],
  'dynamodb-candle.store': [
    'dynamodb:Query',
    'dynamodb:BatchWriteItem',
    'dynamodb:BatchGetItem',
    'dynamodb:UpdateItem',
    'dynamodb:PutItem',
  ],
  'dynamodb-corporate-actions.store': [
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    'dynamodb:PutItem',
  ],
  'dynamodb-fetch-lease': ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
  'dynamodb-l2-admin': [
    'dynamodb:Query',
    'dynamodb:BatchWriteItem',
    'dynamodb:UpdateItem',
    'dynamodb:GetItem',
  ],
  'dynamodb-l2-inspector': ['dynamodb:Query', 'dynamodb:Scan'],
} as const satisfies Record<string, readonly `dynamodb:${string}`[]>;

export type L2Adapter = keyof typeof L2_ADAPTER_ACTIONS;

/**
 * The adapters each role's code reaches. The API (service role) reads and writes candles and
 * corporate-actions items, takes leases, invalidates and reads generations, and checks the
 * table; it never inspects (the drift spec checks that no API or library service injects
 * `L2Inspector`). The operator CLI does all of that too (`warm` goes through `OhlcService`, `invalidate` through
 * `CacheInvalidationService`) and inspects (`stats`).
 */
export const ROLE_ADAPTERS = {
  service: [
    'cache-table',
    'dynamodb-candle.store',
    'dynamodb-corporate-actions.store',
    'dynamodb-fetch-lease',
    'dynamodb-l2-admin',
  ],
  operator: [
    'cache-table',
    'dynamodb-candle.store',
    'dynamodb-corporate-actions.store',
    'dynamodb-fetch-lease',
    'dynamodb-l2-admin',
    'dynamodb-l2-inspector',
  ],
} as const satisfies Record<string, readonly L2Adapter[]>;

export type OhlcCacheRole = keyof typeof ROLE_ADAPTERS;

/** The distinct actions of a role's adapters, sorted: what its managed policy allows. */
export function actionsOf(role: OhlcCacheRole): string[] {
  return [...new Set(ROLE_ADAPTERS[role].flatMap((adapter) => L2_ADAPTER_ACTIONS[adapter]))].sort();
}
