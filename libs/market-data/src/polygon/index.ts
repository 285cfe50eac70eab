export * from './polygon.provider';
