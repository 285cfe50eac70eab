import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { OhlcCacheModuleOptions } from './ohlc-cache.options';

export const {
  ConfigurableModuleClass: OhlcCacheConfigurableModule,
  MODULE_OPTIONS_TOKEN: OHLC_CACHE_OPTIONS,
  OPTIONS_TYPE: OHLC_CACHE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: OHLC_CACHE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<OhlcCacheModuleOptions>({ moduleName: 'OhlcCache' })
  .setExtras({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
