import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** 1–5 letters, optionally a one-letter class suffix (`BRK.B`). */
const TICKER = /^[A-Z]{1,5}(\.[A-Z])?$/;

/** Validates the path ticker case-insensitively and returns it upper-cased. */
@Injectable()
export class TickerPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const ticker = value.trim().toUpperCase();
    if (!TICKER.test(ticker)) {
      throw new BadRequestException(
        `Invalid ticker "${value.slice(0, 20)}": use 1-5 letters, optionally with a class suffix such as BRK.B`,
      );
    }
    return ticker;
  }
}
