import { NotFoundException } from '@nestjs/common';
import type { CacheMeta } from './cache-meta';

/**
 * The OHLC endpoint's 404: no layer and no provider has a candle in the
 * range. It carries the cache headers the contract promises on every answer
 * (docs/api.md#errors); the exception filter writes them.
 */
export class NoCandlesException extends NotFoundException {
  constructor(
    ticker: string,
    readonly cache: CacheMeta,
  ) {
    super(`No price data available for ${ticker}`);
  }
}
