import {
  DAY_MS,
  InvalidQueryError,
  isIntraday,
  type Interval,
  type Resolution,
} from '@app/ohlc-core';
import { NYSE_FIRST_YEAR, type MarketHoursService } from '@app/market-hours';

/** Preset chart ranges, in calendar days back from the end date. */
export const TIME_RANGE_DAYS = { '1W': 7, '1M': 30, '3M': 90, '6M': 180, '1Y': 365 } as const;
export type TimeRange = keyof typeof TIME_RANGE_DAYS;
export const TIME_RANGES = Object.keys(TIME_RANGE_DAYS) as TimeRange[];
/** The presets, in the words every entry point answers a bad one with. */
export const TIME_RANGE_RULE = `one of ${TIME_RANGES.join(', ')}`;

/** Longest span served per resolution, in days; an older start is moved forward, not rejected. */
export const MAX_DAYS_PER_RESOLUTION: Readonly<Record<Resolution, number>> = {
  '1': 7,
  '5': 30,
  '15': 90,
  '30': 90,
  '60': 180,
  D: 365,
};

/** The dates cannot make a window (the API's `INVALID_DATE`, docs/api.md#errors). */
export class DateWindowError extends InvalidQueryError {}

export interface ChartWindowRequest {
  readonly resolution: Resolution;
  /** Ignored when both dates are given. */
  readonly range?: TimeRange;
  /** `YYYY-MM-DD`, a valid calendar date. */
  readonly startDate?: string;
  /** `YYYY-MM-DD`; defaults to today in New York. */
  readonly endDate?: string;
}

export interface ChartWindow {
  /** Candle starts to serve, `[from, to)`: New York midnights intraday, 00:00Z dates for `D`. */
  readonly range: Interval;
  readonly timeRange: TimeRange | 'custom';
}

/** Turns the dashboard's range parameters into the span of candle starts to serve. */
export function resolveChartWindow(
  req: ChartWindowRequest,
  hours: MarketHoursService,
): ChartWindow {
  if (req.startDate !== undefined && req.endDate === undefined) {
    throw new DateWindowError(
      `start_date needs end_date too: a custom range takes both dates (or use range=${TIME_RANGES.join('|')})`,
    );
  }
  const end = toDay(req.endDate ?? hours.nyDate(hours.now()));
  const custom = req.startDate !== undefined;
  const preset = req.range ?? '1M';
  const requestedStart = custom ? toDay(req.startDate) : end - TIME_RANGE_DAYS[preset];
  if (requestedStart > end) {
    throw new DateWindowError(
      `start_date ${req.startDate} is after end_date ${fromDay(end)}; swap them or drop one`,
    );
  }
  // Moved forward, never rejected: by the resolution's limit, and to the
  // first day the exchange calendar knows.
  const start = Math.max(
    requestedStart,
    end - MAX_DAYS_PER_RESOLUTION[req.resolution],
    toDay(`${NYSE_FIRST_YEAR}-01-01`),
  );
  const range = isIntraday(req.resolution)
    ? { from: hours.nyDayStart(fromDay(start)), to: hours.nyDayStart(fromDay(end + 1)) }
    : { from: start * DAY_MS, to: (end + 1) * DAY_MS };
  return { range, timeRange: custom ? 'custom' : preset };
}

/** Days since the epoch of a `YYYY-MM-DD` date. */
function toDay(date: string | undefined): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
