import { Logger, Module } from '@nestjs/common';
import { MarketHoursService } from '@app/market-hours';
import { DemoProvider, OhlcProvider } from '@app/market-data';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** Chooses the upstream adapter from configuration (spec section 6). */
@Module({
  providers: [
    {
      provide: OhlcProvider,
      inject: [APP_CONFIG, MarketHoursService],
      useFactory: (config: AppConfig, hours: MarketHoursService): OhlcProvider => {
        const logger = new Logger('Upstream');
        switch (config.provider) {
          case 'demo':
            logger.warn(
              'Serving DEMO data: synthetic candles, not market prices (source "demo"). ' +
                'Set TIINGO_API_KEY or FINNHUB_API_KEY for real data.',
            );
            return new DemoProvider(hours, { latencyMs: config.demoLatencyMs });
          case 'tiingo':
          case 'finnhub':
            throw new Error(`Provider ${config.provider} is not available yet`);
        }
      },
    },
  ],
  exports: [OhlcProvider],
})
export class UpstreamModule {}
