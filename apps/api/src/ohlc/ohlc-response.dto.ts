import { isIntraday, toIsoDate, toIsoSeconds, type Candle, type Resolution } from '@app/ohlc-core';
import type { OhlcResult } from '@app/ohlc-cache';
import type { TimeRange } from './chart-window';

/** One candle as the dashboard reads it. */
export interface CandleDto {
  /** `YYYY-MM-DD` for daily candles, interval start `YYYY-MM-DDTHH:MM:SSZ` intraday. */
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume?: number;
}

/** `OHLCResponse` (docs/api.md#response-body); the existing dashboard client depends on every field. */
export interface OhlcResponseDto {
  ticker: string;
  candles: CandleDto[];
  time_range: TimeRange | 'custom';
  start_date: string;
  end_date: string;
  count: number;
  source: string;
  cache_expires_at: string;
  resolution: Resolution;
  resolution_fallback: boolean;
  fallback_message: string | null;
}

export function toOhlcResponse(
  result: OhlcResult,
  timeRange: TimeRange | 'custom',
  nyDate: (at: number) => string,
): OhlcResponseDto {
  const { resolution } = result.series;
  const intraday = isIntraday(resolution);
  const candles = result.candles.map((c): CandleDto => ({
    date: intraday ? toIsoSeconds(c.start) : toIsoDate(c.start),
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    ...(c.volume !== undefined && { volume: c.volume }),
  }));
  const dateOf = (c: Candle) => (intraday ? nyDate(c.start) : toIsoDate(c.start));
  return {
    ticker: result.series.ticker,
    candles,
    time_range: timeRange,
    start_date: dateOf(result.candles[0]),
    end_date: dateOf(result.candles[result.candles.length - 1]),
    count: candles.length,
    source: result.series.source,
    cache_expires_at: toIsoSeconds(result.expiresAt),
    resolution,
    resolution_fallback: result.resolutionFallback !== undefined,
    fallback_message: result.resolutionFallback
      ? fallbackMessage(result.series.ticker, result.resolutionFallback.requested)
      : null,
  };
}

/** What the dashboard shows above a chart drawn with daily candles instead of the asked ones. */
export function fallbackMessage(ticker: string, requested: Resolution): string {
  return (
    `Intraday data (resolution ${requested}) is not available for ${ticker}; ` +
    'showing daily candles instead.'
  );
}
