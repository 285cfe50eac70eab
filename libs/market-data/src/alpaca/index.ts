export * from './alpaca.provider';
