import { Logger, Module } from '@nestjs/common';
import { ClockPort, MarketHoursService } from '@app/market-hours';
import { DemoProvider, FinnhubProvider, OhlcProvider, TiingoProvider } from '@app/market-data';
import { APP_CONFIG, type AppConfig, type ProviderName } from '../config/app-config';

import { ProviderAccessCheck } from './provider-access.check';
import { FALLBACK_PROVIDERS } from './upstream.tokens';

/** Builds one upstream adapter from configuration (README, Configuration). */
function createProvider(
  name: ProviderName,
  config: AppConfig,
  hours: MarketHoursService,
  clock: ClockPort,
): OhlcProvider {
  const http = (upstream: AppConfig['tiingo']) => ({
    apiKey: upstream.apiKey ?? '',
    baseUrl: upstream.baseUrl,
    limits: upstream.limits,
    timeoutMs: config.upstreamTimeoutMs,
    isCandleStart: hours.isCandleStart.bind(hours),
    now: () => clock.now(),
  });
  switch (name) {
    case 'tiingo':
      return new TiingoProvider(http(config.tiingo));
    case 'finnhub':
      return new FinnhubProvider(http(config.finnhub));
    case 'demo':
      new Logger('Upstream').warn(
        'Serving DEMO data: synthetic candles, not market prices (source "demo"). ' +
          'Set TIINGO_API_KEY or FINNHUB_API_KEY for real data.',
      );
      return new DemoProvider(hours, { latencyMs: config.demoLatencyMs });
  }
}

const INJECT = [APP_CONFIG, MarketHoursService, ClockPort];

@Module({
  providers: [
    {
      provide: OhlcProvider,
      inject: INJECT,
      useFactory: (config: AppConfig, hours: MarketHoursService, clock: ClockPort) =>
        createProvider(config.provider, config, hours, clock),
    },
    {
      provide: FALLBACK_PROVIDERS,
      inject: INJECT,
      useFactory: (config: AppConfig, hours: MarketHoursService, clock: ClockPort) =>
        config.fallbacks.map((name) => createProvider(name, config, hours, clock)),
    },
    ProviderAccessCheck,
  ],
  exports: [OhlcProvider, FALLBACK_PROVIDERS],
})
export class UpstreamModule {}
