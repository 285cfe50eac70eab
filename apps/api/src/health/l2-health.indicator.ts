import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { CacheTableProbe } from '@app/ohlc-cache';

/** Ready only when L2 answers and its table exists (one `DescribeTable`). */
@Injectable()
export class L2HealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly table: CacheTableProbe,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      const { tableName, status } = await this.table.check();
      return status === 'ACTIVE'
        ? indicator.up({ table: tableName, tableStatus: status })
        : indicator.down({ table: tableName, tableStatus: status });
    } catch (error) {
      // The SDK's error name says what is wrong (ResourceNotFoundException, TimeoutError, ...).
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return indicator.down({ message });
    }
  }
}
