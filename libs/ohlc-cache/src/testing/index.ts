export * from './command-counter';
export * from './fixed-candles';
export * from './local-dynamodb';
