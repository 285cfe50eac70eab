import { Injectable, Logger } from '@nestjs/common';
import type { Resolution } from '@app/ohlc-core';
import { CacheInvalidationService } from '@app/ohlc-cache';
import { toInvalidationBody, type InvalidationBody } from '@app/ohlc-query';

/** Admin invalidation (docs/api.md#admin-invalidation): both layers, every instance. */
@Injectable()
export class AdminCacheService {
  private readonly logger = new Logger('Admin');

  constructor(private readonly invalidation: CacheInvalidationService) {}

  async invalidate(
    ticker: string,
    resolution: Resolution | undefined,
    caller: string,
  ): Promise<InvalidationBody> {
    const result = await this.invalidation.invalidate(ticker, resolution);
    this.logger.log(
      `${caller} invalidated ${ticker}${resolution ? `@${resolution}` : ''}: ` +
        `${result.removed} items removed`,
    );
    return toInvalidationBody(result);
  }
}
