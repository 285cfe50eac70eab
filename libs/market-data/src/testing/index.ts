export * from './fake-finnhub-server';
export * from './fake-tiingo-server';
export * from './fake-upstream-server';
export * from './manual-clock';
export * from './recording-logger';
export * from './synthetic-candles';
export * from './weekday-session';
