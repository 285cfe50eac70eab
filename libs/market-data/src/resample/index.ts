export * from './session-grid-aggregation';
