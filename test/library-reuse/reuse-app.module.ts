import { Controller, Get, Param } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { MarketHoursModule } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import { OhlcProvider } from '@app/market-data';
import { CacheModule, OhlcService, type OhlcResult } from '@app/ohlc-cache';
import { FixedTableModule } from './fixed-table.provider';

/** A minimal app of another team: its own route, its own adapter, the cache library as is. */
@Controller('candles')
class CandlesController {
  constructor(private readonly ohlc: OhlcService) {}

  @Get(':ticker')
  get(@Param('ticker') ticker: string): Promise<OhlcResult> {
    const from = Date.parse('2025-12-01T00:00:00Z');
    return this.ohlc.getCandles({
      ticker,
      resolution: 'D',
      range: { from, to: from + 7 * 86_400_000 },
    });
  }
}

export const REUSE_CLOCK = new FixedClock('2025-12-13T12:00:00Z');

export function reuseAppModule(embeddedPath: string) {
  @Module({
    imports: [
      MarketHoursModule.register({ isGlobal: true, clock: REUSE_CLOCK }),
      CacheModule.registerAsync({
        imports: [FixedTableModule],
        inject: [OhlcProvider],
        useFactory: (provider: OhlcProvider) => ({
          provider,
          l1: { maxEntries: 100 },
          l2: { backend: 'embedded', tableName: 'reuse-ohlc-cache', embeddedPath },
        }),
      }),
      FixedTableModule,
    ],
    controllers: [CandlesController],
  })
  class ReuseAppModule {}
  return ReuseAppModule;
}
