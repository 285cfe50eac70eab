import { type Candle, type Interval, isIntraday, type Resolution, toIsoDate } from '@app/ohlc-core';
import { HttpOhlcProvider } from '../http/http-ohlc-provider';
import type { HttpProviderOptions } from '../http/http-provider.options';
import { DEFAULT_FETCH_COST } from '../fetch-cost';
import { TIINGO_FREE_PLAN_LIMITS } from '../rate-limit/free-plan-limits';
import { candlesFromTiingo, TIINGO_RESAMPLE_FREQ, tiingoSymbol } from './tiingo-wire';

export const TIINGO_DEFAULT_BASE_URL = 'https://api.tiingo.com';
/** Bars the IEX feed serves per call (it returns only the most recent ones beyond that). */
export const TIINGO_DEFAULT_MAX_BARS_PER_CALL = 2000;

/**
 * Tiingo options. Defaults: `baseUrl` `https://api.tiingo.com`, `timeoutMs`
 * 10 000, `maxRetries` 2, `baseBackoffMs` 250, `limits` the free plan (50 per
 * hour, 1 000 per day), `maxBarsPerCall` 2 000 (intraday only: the daily
 * endpoint serves a whole range per call).
 */
export type TiingoProviderOptions = HttpProviderOptions;

/** Daily candles from `/tiingo/daily`, intraday ones from the IEX feed (`/iex`). */
export class TiingoProvider extends HttpOhlcProvider {
  constructor(options: TiingoProviderOptions) {
    super(
      'tiingo',
      {
        baseUrl: TIINGO_DEFAULT_BASE_URL,
        limits: TIINGO_FREE_PLAN_LIMITS,
        maxBarsPerCall: TIINGO_DEFAULT_MAX_BARS_PER_CALL,
        // 50 requests an hour against a monthly bandwidth allowance: requests are scarcer.
        fetchCost: DEFAULT_FETCH_COST,
      },
      options,
    );
  }

  protected override barsPerCallLimit(resolution: Resolution, configured: number): number {
    return isIntraday(resolution) ? configured : Infinity;
  }

  protected async fetchPiece(
    ticker: string,
    resolution: Resolution,
    piece: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]> {
    const symbol = encodeURIComponent(tiingoSymbol(ticker));
    // Tiingo takes inclusive dates; rows beyond the piece are cut by the caller.
    const dates = { startDate: toIsoDate(piece.from), endDate: toIsoDate(piece.to - 1) };
    const url = isIntraday(resolution)
      ? this.url(`/iex/${symbol}/prices`, {
          ...dates,
          resampleFreq: TIINGO_RESAMPLE_FREQ[resolution],
          columns: 'open,high,low,close,volume',
        })
      : this.url(`/tiingo/daily/${symbol}/prices`, dates);
    const body = await this.http.getJson(url, {
      headers: { Authorization: `Token ${this.apiKey}` },
      signal,
      ticker,
    });
    return candlesFromTiingo(body, this.name, `GET ${url.pathname}`);
  }
}
