/**
 * The DynamoDB actions the service sends to the OHLC cache table: the L2 adapter's reads and
 * writes (checks of not-yet-final spans ride on the coverage items' `UpdateItem`), its fetch
 * leases (conditional `PutItem` and `DeleteItem`), the corporate-actions item (`GetItem`, a
 * conditional `UpdateItem` claim, `PutItem`), the admin invalidation's
 * deletes (`Query` for the keys, `BatchWriteItem` deletes) and its generation item (`UpdateItem`
 * ADD, `GetItem`), `DescribeTable` when it checks the table at startup, and `Scan` for the
 * operator CLI's `stats` without a ticker (`DynamoDbL2Inspector.allSeries`; `stats <ticker>` is a
 * `Query`). The managed policy grants
 * exactly this list, so it must stay in step with the adapter's commands: a missing action is an
 * AccessDenied in production, an extra one is privilege the service never uses.
 * `ohlc-cache-policy.drift.spec.ts` fails when they differ. Creating the table (`CreateTable`,
 * `UpdateTimeToLive`, only with OHLC_CACHE_CREATE_TABLE=true) is an operator's job, not granted.
 */
export const OHLC_CACHE_DYNAMODB_ACTIONS = [
  'dynamodb:Query',
  'dynamodb:BatchWriteItem',
  'dynamodb:BatchGetItem',
  'dynamodb:UpdateItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:DescribeTable',
  'dynamodb:Scan',
] as const;

export type OhlcCacheDynamoDbAction = (typeof OHLC_CACHE_DYNAMODB_ACTIONS)[number];
