import { ConfigurableModuleBuilder, Inject } from '@nestjs/common';
import type { LiveCandlesOptions } from './live-candles.options';

export const {
  ConfigurableModuleClass: LiveCandlesModuleClass,
  MODULE_OPTIONS_TOKEN: LIVE_CANDLES_OPTIONS,
} = new ConfigurableModuleBuilder<LiveCandlesOptions>().build();

export const InjectLiveCandlesOptions = (): ParameterDecorator => Inject(LIVE_CANDLES_OPTIONS);
