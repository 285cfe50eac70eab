import { LocalDate } from '@js-joda/core';
import { InvalidQueryError, type Interval, type Resolution } from '@app/ohlc-core';
import { NYSE_FIRST_YEAR, type MarketHoursService } from '@app/market-hours';
import {
  MAX_DAYS_PER_RESOLUTION,
  resolveChartWindow,
  TIME_RANGE_DAYS,
  type TimeRange,
} from '@app/ohlc-query';

/** What `warm` was asked for; dates are valid `YYYY-MM-DD` calendar dates. */
export interface WarmRequest {
  /** Upper-case symbols. */
  readonly tickers: readonly string[];
  readonly resolutions: readonly Resolution[];
  /** Preset counted back from `to` (default `1M`); ignored when `from` is given. */
  readonly range?: TimeRange;
  /** First date of the span. */
  readonly from?: string;
  /** Last date of the span; default today in New York. */
  readonly to?: string;
}

/** One chart window of a series: what one dashboard request for those dates would load. */
export interface WarmWindow {
  readonly firstDate: string;
  readonly lastDate: string;
  /** Candle starts, `[from, to)` in epoch ms, as the API computes them for these dates. */
  readonly range: Interval;
}

export interface PlannedSeries {
  readonly ticker: string;
  readonly resolution: Resolution;
  /** `AAPL 5`, `AAPL D`: how output names the series. */
  readonly label: string;
  /** Newest first: a warm stopped early has loaded the dates people look at first. */
  readonly windows: readonly WarmWindow[];
}

export interface WarmPlan {
  readonly firstDate: string;
  readonly lastDate: string;
  readonly series: readonly PlannedSeries[];
}

/**
 * Splits the span into the windows the API would serve at each resolution
 * (a span longer than the resolution's clamp becomes several, as panning
 * back would request them), one series per ticker and resolution, in the
 * order given.
 */
export function planWarm(req: WarmRequest, hours: MarketHoursService): WarmPlan {
  const last = LocalDate.parse(req.to ?? hours.nyDate(hours.now()));
  const first = req.from
    ? LocalDate.parse(req.from)
    : last.minusDays(TIME_RANGE_DAYS[req.range ?? '1M']);
  if (first.isAfter(last)) {
    throw new InvalidQueryError(`--from ${req.from} is after --to ${last.toString()}`);
  }
  const floor = LocalDate.of(NYSE_FIRST_YEAR, 1, 1);
  const start = first.isBefore(floor) ? floor : first;
  const series = req.tickers.flatMap((ticker) =>
    req.resolutions.map((resolution) => ({
      ticker,
      resolution,
      label: `${ticker} ${resolution}`,
      windows: windowsOf(resolution, start, last, hours),
    })),
  );
  return { firstDate: start.toString(), lastDate: last.toString(), series };
}

function windowsOf(
  resolution: Resolution,
  start: LocalDate,
  last: LocalDate,
  hours: MarketHoursService,
): WarmWindow[] {
  const windows: WarmWindow[] = [];
  for (let end = last; !end.isBefore(start);) {
    // The API serves `end − max days` through `end`: max days + 1 dates.
    const earliest = end.minusDays(MAX_DAYS_PER_RESOLUTION[resolution]);
    const begin = earliest.isBefore(start) ? start : earliest;
    const { range } = resolveChartWindow(
      { resolution, startDate: begin.toString(), endDate: end.toString() },
      hours,
    );
    windows.push({ firstDate: begin.toString(), lastDate: end.toString(), range });
    end = begin.minusDays(1);
  }
  return windows;
}
