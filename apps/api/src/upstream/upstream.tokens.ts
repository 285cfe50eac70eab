/** The providers tried after the primary one, in order. */
export const FALLBACK_PROVIDERS = Symbol('FallbackProviders');
