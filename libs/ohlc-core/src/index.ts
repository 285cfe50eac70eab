export * from './adjustment';
export * from './candle';
export * from './corporate-action';
export * from './errors';
export * from './interval';
export * from './iso';
export * from './resolution';
export * from './series';
