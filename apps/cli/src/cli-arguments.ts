import { InvalidArgumentError } from 'commander';
import { parseResolution, RESOLUTIONS, type Resolution } from '@app/ohlc-core';
import { IsCalendarDate } from '../../api/src/common/is-calendar-date.validator';
import { TIME_RANGES, type TimeRange } from '../../api/src/ohlc/chart-window';
import { parseTicker } from '../../api/src/ohlc/ticker.pipe';

/*
 * Argument checks, worded as the API words them: the CLI takes the same
 * tickers, resolutions, presets and dates as the dashboard's route.
 */

export function tickerArgument(value: string): string {
  const ticker = parseTicker(value);
  if (ticker === undefined) {
    throw new InvalidArgumentError(
      `"${value}" is no ticker: use 1-5 letters, optionally with a class suffix such as BRK.B`,
    );
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
    throw new InvalidArgumentError(
      `use one of ${RESOLUTIONS.join(', ')} (minutes, or D for daily); aliases 1m 5m 15m 30m 1h 1d`,
    );
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
    throw new InvalidArgumentError(`use one of ${TIME_RANGES.join(', ')}`);
  }
  return range;
}

export function dateArgument(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !new IsCalendarDate().validate(value)) {
    throw new InvalidArgumentError('use a real YYYY-MM-DD date between 1990-01-01 and 2100-12-31');
  }
  return value;
}
