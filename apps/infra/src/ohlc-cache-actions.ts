/**
 * The DynamoDB actions the L2 adapter sends to the OHLC cache table. The managed policy grants
 * exactly this list, so it must stay in step with the adapter's commands: a missing action is an
 * AccessDenied in production, an extra one is privilege the service never uses.
 */
export const OHLC_CACHE_DYNAMODB_ACTIONS = [
  'dynamodb:Query',
  'dynamodb:BatchWriteItem',
  'dynamodb:BatchGetItem',
  'dynamodb:UpdateItem',
  'dynamodb:PutItem',
  'dynamodb:DescribeTable',
] as const;

export type OhlcCacheDynamoDbAction = (typeof OHLC_CACHE_DYNAMODB_ACTIONS)[number];
