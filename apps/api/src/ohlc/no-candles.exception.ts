import { HttpStatus } from '@nestjs/common';
import { cacheHeaders, type CacheMeta } from './cache-meta';
import { ApiException } from '../common/error-code';

/**
 * The OHLC endpoint's 404: no layer and no provider has a candle in the
 * range. It carries the cache headers the contract promises on every answer
 * (docs/api.md#errors).
 */
export class NoCandlesException extends ApiException {
  constructor(ticker: string, cache: CacheMeta) {
    super(
      HttpStatus.NOT_FOUND,
      'NO_DATA',
      `No price data available for ${ticker}`,
      cacheHeaders(cache),
    );
  }
}
