export * from './settlement-policy';
