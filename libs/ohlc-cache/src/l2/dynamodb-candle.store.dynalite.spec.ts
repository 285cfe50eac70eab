import { startLocalDynamoDb } from '../testing';
import { describeL2Contract } from './dynamodb-candle.store.contract';

// The embedded backend the API runs on without AWS: dynalite in this process.
describeL2Contract('dynalite', () => startLocalDynamoDb());
