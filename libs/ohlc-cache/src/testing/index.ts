export * from './amazon-dynamodb-local.server';
export * from './command-counter';
export * from './dynamodb-candle.store.contract';
export * from './fake-cache.store';
export * from './fixed-candles';
export * from './scripted-provider';
export * from './test-table';
export * from './withholding-client';
