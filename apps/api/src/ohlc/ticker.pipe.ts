import { HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiException } from '../common/error-code';

/**
 * 1–5 letters, optionally a one-letter class suffix (`BRK.B`). Checked before
 * upper-casing: some non-ASCII letters upper-case to ASCII ones (`ı` → `I`,
 * `ß` → `SS`), and a lookalike must not pass as another ticker.
 */
const TICKER = /^[A-Za-z]{1,5}(\.[A-Za-z])?$/;

/** The ticker upper-cased, or undefined when `value` is none (the CLI checks its arguments with it too). */
export function parseTicker(value: string): string | undefined {
  const ticker = value.trim();
  return TICKER.test(ticker) ? ticker.toUpperCase() : undefined;
}

/** Validates the path ticker case-insensitively and returns it upper-cased. */
@Injectable()
export class TickerPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const ticker = parseTicker(value);
    if (ticker === undefined) {
      throw new ApiException(
        HttpStatus.BAD_REQUEST,
        'INVALID_TICKER',
        `Invalid ticker "${value.slice(0, 20)}": use 1-5 letters, optionally with a class suffix such as BRK.B`,
      );
    }
    return ticker;
  }
}
