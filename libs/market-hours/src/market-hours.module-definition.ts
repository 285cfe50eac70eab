import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ClockPort } from './clock.port';

export interface MarketHoursModuleOptions {
  /**
   * `YYYY-MM-DD` dates the NYSE is closed beyond its rule-based calendar, for
   * closures announced at short notice (national days of mourning, storms).
   */
  extraClosures?: string[];
  /** `YYYY-MM-DD` dates whose session ends at 13:00 ET beyond the rule-based ones. */
  extraEarlyCloses?: string[];
  /** Source of "now"; the system clock when absent. Tests pass a `FixedClock`. */
  clock?: ClockPort;
}

export const {
  ConfigurableModuleClass: MarketHoursConfigurableModule,
  MODULE_OPTIONS_TOKEN: MARKET_HOURS_OPTIONS,
  OPTIONS_TYPE: MARKET_HOURS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MARKET_HOURS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MarketHoursModuleOptions>()
  // Global so the cache library and adapters of any importing app find the
  // one clock and calendar without re-registering them.
  .setExtras({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
