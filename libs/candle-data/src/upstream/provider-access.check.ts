import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OhlcProvider } from '@app/market-data';
import { FALLBACK_PROVIDERS } from '../candle-data.tokens';

/**
 * Asks each configured provider once, at start-up, whether the key's plan
 * serves what the service needs (Finnhub's free plan has no candles, Alpaca's
 * no recent SIP bars, Polygon's plans differ in intraday access), so an
 * operator learns it from the first log lines, not from the first 503. It
 * does not hold up the start: the answer is logged whenever it arrives.
 */
@Injectable()
export class ProviderAccessCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('Upstream');

  constructor(
    @Inject(OhlcProvider) private readonly primary: OhlcProvider,
    @Inject(FALLBACK_PROVIDERS) private readonly fallbacks: readonly OhlcProvider[],
  ) {}

  onApplicationBootstrap(): void {
    for (const provider of [this.primary, ...this.fallbacks]) {
      if (!provider.checkAccess) continue;
      provider.checkAccess().then(
        (access) => {
          if (access.denied.length === 0) return;
          this.logger.warn(
            `${provider.name} cannot serve resolution ${access.denied.join(', ')} with the configured key: ` +
              `${access.reason ?? 'refused by its plan'}. Requests fall back to the next configured provider.`,
          );
        },
        (error: unknown) =>
          this.logger.warn(
            `${provider.name} access check failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
      );
    }
  }
}
