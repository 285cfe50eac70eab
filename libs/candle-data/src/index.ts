export * from './candle-data-config.module';
export * from './candle-data.config';
export * from './candle-data.module';
export * from './candle-data.tokens';
export * from './env-reader';
