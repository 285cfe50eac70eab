import { InvalidArgumentError } from 'commander';
import { parseResolution, type Resolution } from '@app/ohlc-core';
import {
  CALENDAR_DATE_SPAN,
  DATE_FORMAT,
  isCalendarDate,
  parseTicker,
  RESOLUTION_RULE,
  TICKER_RULE,
  TIME_RANGE_RULE,
  TIME_RANGES,
  type TimeRange,
} from '@app/ohlc-query';

/*
 * Argument checks, worded as the API words them: the CLI takes the same
 * tickers, resolutions, presets and dates as the dashboard's route.
 */

export function tickerArgument(value: string): string {
  const ticker = parseTicker(value);
  if (ticker === undefined) {
    throw new InvalidArgumentError(`"${value}" is no ticker: ${TICKER_RULE}`);
  }
  return ticker;
}

/** Variadic `<tickers...>`: commander calls this once per value. */
export function tickerList(value: string, previous: string[] = []): string[] {
  const ticker = tickerArgument(value);
  return previous.includes(ticker) ? previous : [...previous, ticker];
}

export function resolutionArgument(value: string): Resolution {
  const resolution = parseResolution(value);
  if (resolution === undefined) {
    throw new InvalidArgumentError(`use ${RESOLUTION_RULE}`);
  }
  return resolution;
}

/** `D,5`: comma-separated resolutions, duplicates dropped. */
export function resolutionList(value: string): Resolution[] {
  return [...new Set(value.split(',').map(resolutionArgument))];
}

export function rangeArgument(value: string): TimeRange {
  const range = value.toUpperCase() as TimeRange;
  if (!TIME_RANGES.includes(range)) {
    throw new InvalidArgumentError(`use ${TIME_RANGE_RULE}`);
  }
  return range;
}

export function dateArgument(value: string): string {
  if (!DATE_FORMAT.test(value) || !isCalendarDate(value)) {
    throw new InvalidArgumentError(`use a real YYYY-MM-DD date ${CALENDAR_DATE_SPAN}`);
  }
  return value;
}
