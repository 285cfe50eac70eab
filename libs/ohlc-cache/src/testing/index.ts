export * from './dynamodb-local';
export * from './command-counter';
export * from './fake-cache.store';
export * from './fixed-candles';
export * from './local-dynamodb';
export * from './scripted-provider';
export * from './withholding-client';
