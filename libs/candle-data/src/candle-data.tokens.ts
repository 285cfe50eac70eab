/** The `CandleDataConfig` the module was built with. */
export const CANDLE_DATA_CONFIG = Symbol('CandleDataConfig');

/** `OhlcProvider[]`: the configured fallbacks, in the order they are tried. */
export const FALLBACK_PROVIDERS = Symbol('FallbackProviders');
