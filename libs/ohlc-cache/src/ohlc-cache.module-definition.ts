import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { OhlcCacheModuleOptions } from './ohlc-cache.options';
import { OHLC_CACHE_OPTIONS } from './ohlc-cache.tokens';

export const {
  ConfigurableModuleClass: OhlcCacheOptionsModuleClass,
  OPTIONS_TYPE: OHLC_CACHE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: OHLC_CACHE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<OhlcCacheModuleOptions>({
  optionsInjectionToken: OHLC_CACHE_OPTIONS,
})
  // `isGlobal` applies to `CacheModule`, which wraps the options module; the
  // options are exported so that Nest's cache module can inject them too.
  .setExtras({ isGlobal: false }, (definition) => ({
    ...definition,
    exports: [OHLC_CACHE_OPTIONS],
  }))
  .build();
