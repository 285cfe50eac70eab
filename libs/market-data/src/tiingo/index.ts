export * from './tiingo.provider';
export { TIINGO_RESAMPLE_FREQ, tiingoSymbol } from './tiingo-wire';
