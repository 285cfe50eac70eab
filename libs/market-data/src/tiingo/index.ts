export * from './tiingo.provider';
export { TIINGO_RESAMPLE_FREQ, tiingoIexResolution, tiingoSymbol } from './tiingo-wire';
export type { TiingoIexResolution } from './tiingo-wire';
