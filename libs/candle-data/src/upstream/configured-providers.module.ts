import { Logger, Module } from '@nestjs/common';
import { ClockPort, MarketHoursService } from '@app/market-hours';
import {
  AlpacaProvider,
  DemoProvider,
  FinnhubProvider,
  OhlcProvider,
  PolygonProvider,
  TiingoProvider,
} from '@app/market-data';
import type { CandleDataConfig, ProviderName } from '../candle-data.config';
import { CANDLE_DATA_CONFIG, FALLBACK_PROVIDERS } from '../candle-data.tokens';
import { ProviderAccessCheck } from './provider-access.check';

/** Builds one upstream adapter from configuration (README, Configuration). */
function createProvider(
  name: ProviderName,
  config: CandleDataConfig,
  hours: MarketHoursService,
  clock: ClockPort,
): OhlcProvider {
  const http = (upstream: CandleDataConfig['tiingo']) => ({
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
    case 'polygon':
      return new PolygonProvider(http(config.polygon));
    case 'alpaca':
      return new AlpacaProvider({
        ...http(config.alpaca),
        secretKey: config.alpaca.secretKey ?? '',
        feed: config.alpaca.feed,
      });
    case 'demo':
      new Logger('Upstream').warn(
        'Serving DEMO data: synthetic candles, not market prices (source "demo"). ' +
          'Set TIINGO_API_KEY, FINNHUB_API_KEY, POLYGON_API_KEY or ALPACA_API_KEY_ID and ' +
          'ALPACA_API_SECRET_KEY for real data.',
      );
      return new DemoProvider(hours, { latencyMs: config.demoLatencyMs });
  }
}

const INJECT = [CANDLE_DATA_CONFIG, MarketHoursService, ClockPort];

@Module({
  providers: [
    {
      provide: OhlcProvider,
      inject: INJECT,
      useFactory: (config: CandleDataConfig, hours: MarketHoursService, clock: ClockPort) =>
        createProvider(config.provider, config, hours, clock),
    },
    {
      provide: FALLBACK_PROVIDERS,
      inject: INJECT,
      useFactory: (config: CandleDataConfig, hours: MarketHoursService, clock: ClockPort) =>
        config.fallbacks.map((name) => createProvider(name, config, hours, clock)),
    },
    ProviderAccessCheck,
  ],
  exports: [OhlcProvider, FALLBACK_PROVIDERS],
})
export class ConfiguredProvidersModule {}
