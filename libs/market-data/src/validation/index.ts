export * from './candle-grid';
export * from './candle-start-predicate';
export * from './candle-validator';
export * from './corporate-action-rows';
export * from './upstream-row-filter';
export * from './validation-stats';
export * from './corporate-action-rows';
