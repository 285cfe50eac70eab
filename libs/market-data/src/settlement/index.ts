export * from './settlement-policy';
export * from './reverification-policy';
