import { HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { parseTicker, TICKER_RULE } from '@app/ohlc-query';
import { ApiException } from '../common/error-code';

/** Validates the path ticker case-insensitively and returns it upper-cased. */
@Injectable()
export class TickerPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const ticker = parseTicker(value);
    if (ticker === undefined) {
      throw new ApiException(
        HttpStatus.BAD_REQUEST,
        'INVALID_TICKER',
        `Invalid ticker "${value.slice(0, 20)}": ${TICKER_RULE}`,
      );
    }
    return ticker;
  }
}
