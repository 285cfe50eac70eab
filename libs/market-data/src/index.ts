export * from './ohlc-provider.port';
export * from './demo';
