import { Injectable, Module } from '@nestjs/common';
import type { Candle, Interval, Resolution } from '@app/ohlc-core';
import { OhlcProvider } from '@app/market-data';

/** Another app's own adapter: a fixed in-memory table of daily candles. */
@Injectable()
export class FixedTableProvider implements OhlcProvider {
  readonly name = 'fixed-table';
  readonly resolutions: readonly Resolution[] = ['D'];
  calls = 0;

  private readonly table: Candle[] = ['2025-12-01', '2025-12-02', '2025-12-03'].map((date, i) => ({
    start: Date.parse(`${date}T00:00:00Z`),
    open: 10 + i,
    high: 12 + i,
    low: 9 + i,
    close: 11 + i,
    volume: 100 * (i + 1),
  }));

  fetchCandles(_ticker: string, _resolution: Resolution, range: Interval): Promise<Candle[]> {
    this.calls++;
    return Promise.resolve(this.table.filter((c) => c.start >= range.from && c.start < range.to));
  }
}

@Module({
  providers: [FixedTableProvider, { provide: OhlcProvider, useExisting: FixedTableProvider }],
  exports: [OhlcProvider, FixedTableProvider],
})
export class FixedTableModule {}
