export * from './budget-window';
export * from './plan-limits';
export * from './upstream-budget';
