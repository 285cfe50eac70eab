export * from './call-plan';
export * from './http-ohlc-provider';
export * from './http-provider.options';
export * from './retry-after';
export * from './upstream-http-client';
