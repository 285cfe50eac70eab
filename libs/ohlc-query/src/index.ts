export * from './calendar-date';
export * from './chart-window';
export * from './invalidation-body';
export * from './resolution-rule';
export * from './ticker';
