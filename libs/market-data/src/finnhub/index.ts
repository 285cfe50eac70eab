export * from './finnhub.provider';
