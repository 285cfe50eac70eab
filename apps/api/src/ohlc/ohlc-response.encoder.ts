import { isIntraday, toIsoDate, toIsoSeconds, type StoredCandle } from '@app/ohlc-core';
import type { OhlcResult } from '@app/ohlc-cache';
import type { TimeRange } from '@app/ohlc-query';
import { fallbackMessage } from './ohlc-response.dto';

/**
 * The JSON of `OhlcResponseDto` (docs/api.md#response-body), written straight
 * from the result in one pass: no response objects, no `Date` per candle.
 * Field order and number formatting are those of `JSON.stringify`.
 */
export function encodeOhlcResponse(
  result: OhlcResult,
  timeRange: TimeRange | 'custom',
  nyDate: (at: number) => string,
): string {
  const { series, candles } = result;
  const intraday = isIntraday(series.resolution);
  const dateOf = (c: StoredCandle) => (intraday ? nyDate(c.start) : toIsoDate(c.start));
  const formatDate = intraday ? toIsoSeconds : toIsoDate;
  let json = `{"ticker":${JSON.stringify(series.ticker)},"candles":[`;
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i];
    json +=
      `${i === 0 ? '' : ','}{"date":"${formatDate(c.start)}","open":${num(c.open)},` +
      `"high":${num(c.high)},"low":${num(c.low)},"close":${num(c.close)}` +
      (c.volume === undefined ? '}' : `,"volume":${num(c.volume)}}`);
  }
  const fallback = result.resolutionFallback;
  return (
    json +
    `],"time_range":"${timeRange}","start_date":"${dateOf(candles[0])}",` +
    `"end_date":"${dateOf(candles[candles.length - 1])}","count":${candles.length},` +
    `"source":${JSON.stringify(series.source)},"cache_expires_at":"${toIsoSeconds(result.expiresAt)}",` +
    `"resolution":"${series.resolution}","resolution_fallback":${fallback !== undefined},` +
    `"fallback_message":${fallback ? JSON.stringify(fallbackMessage(series.ticker, fallback.requested)) : 'null'},` +
    `"adjustment":"${result.adjustment}",` +
    `"adjustment_complete":${result.adjustmentComplete !== false},` +
    `"volume_scope":${result.volumeScope === undefined ? 'null' : `"${result.volumeScope}"`}}`
  );
}

/** As `JSON.stringify` writes a number. */
function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}
