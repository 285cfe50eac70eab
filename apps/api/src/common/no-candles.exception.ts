import { NotFoundException } from '@nestjs/common';
import type { CacheMeta } from './cache-meta';

/** 404 of the OHLC endpoint; still carries the cache headers the contract promises. */
export class NoCandlesException extends NotFoundException {
  constructor(
    ticker: string,
    readonly cache: CacheMeta,
  ) {
    super(`No price data available for ${ticker}`);
  }
}
