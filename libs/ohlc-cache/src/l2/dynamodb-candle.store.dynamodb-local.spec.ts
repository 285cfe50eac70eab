import { startDynamoDbLocal } from '../testing';
import { describeL2Contract } from './dynamodb-candle.store.contract';

// Amazon's DynamoDB Local (Java 17+), the closest stand-in for the real service. Without Java
// this fails, naming it, rather than skipping: a skipped backend would pass CI unnoticed.
// Its JVM answers more slowly than dynalite; the start-up wait itself is bounded at 60 s.
jest.setTimeout(20_000);
describeL2Contract('dynamodb-local', () => startDynamoDbLocal(), { startTimeoutMs: 90_000 });
