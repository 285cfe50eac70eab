export * from './call-plan';
export * from './http-ohlc-provider';
export * from './http-provider.options';
export type { Page, PagedRead } from './paged-read';
export * from './rate-limit-headers';
export * from './retry-after';
export * from './upstream-http-client';
