export * from './redis-window-counters';
export * from './shared-state';
export * from './shared-state.module';
export * from './shared-state.options';
export * from './shared-state.port';
