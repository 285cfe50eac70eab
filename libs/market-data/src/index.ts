export * from './ohlc-provider.port';
export * from './http';
export * from './rate-limit';
export * from './settlement';
export * from './validation';
export * from './tiingo';
export * from './finnhub';
export * from './demo';
