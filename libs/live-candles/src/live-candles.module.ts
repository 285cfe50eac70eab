import { Module } from '@nestjs/common';
import { LiveCandlesModuleClass } from './live-candles.module-definition';
import { LiveCandlesService } from './live-candles.service';

/**
 * Live candles of watched series (`LiveCandlesService`). Needs `OhlcService`
 * and `MarketHoursService` in scope, as `CandleDataModule` provides them.
 */
@Module({ providers: [LiveCandlesService], exports: [LiveCandlesService] })
export class LiveCandlesModule extends LiveCandlesModuleClass {}
