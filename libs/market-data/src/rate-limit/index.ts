export * from './budget-window';
export * from './free-plan-limits';
export * from './upstream-budget';
