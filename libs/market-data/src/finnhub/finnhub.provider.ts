import { type Candle, DAY_MS, type Interval, isIntraday, type Resolution } from '@app/ohlc-core';
import { HttpOhlcProvider } from '../http/http-ohlc-provider';
import type { HttpProviderOptions } from '../http/http-provider.options';
import { DEFAULT_FETCH_COST } from '../fetch-cost';
import { FINNHUB_FREE_PLAN_LIMITS } from '../rate-limit/free-plan-limits';
import { candlesFromFinnhub } from './finnhub-wire';

export const FINNHUB_DEFAULT_BASE_URL = 'https://finnhub.io/api/v1';

/**
 * Finnhub options. Defaults: `baseUrl` `https://finnhub.io/api/v1`,
 * `timeoutMs` 10 000, `maxRetries` 2, `baseBackoffMs` 250, `limits` the free
 * plan (60 per minute), `maxBarsPerCall` unbounded (one call per range).
 */
export type FinnhubProviderOptions = HttpProviderOptions;

/** Candles from `/stock/candle`; the key travels in `X-Finnhub-Token`, never as `?token=`. */
export class FinnhubProvider extends HttpOhlcProvider {
  constructor(options: FinnhubProviderOptions) {
    super(
      'finnhub',
      {
        baseUrl: FINNHUB_DEFAULT_BASE_URL,
        limits: FINNHUB_FREE_PLAN_LIMITS,
        maxBarsPerCall: Infinity,
        // Calls per minute are the only published limit; rows are not metered separately.
        fetchCost: DEFAULT_FETCH_COST,
      },
      options,
    );
  }

  protected async fetchPiece(
    ticker: string,
    resolution: Resolution,
    piece: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]> {
    // A daily bar may be stamped anywhere up to the end of its New York date,
    // which runs past 00:00Z of the next day; the extra rows are cut later.
    const to = isIntraday(resolution) ? piece.to : piece.to + DAY_MS;
    const url = this.url('/stock/candle', {
      symbol: ticker,
      resolution,
      from: String(Math.floor(piece.from / 1000)),
      // `to` is inclusive upstream; the piece is half-open.
      to: String(Math.ceil(to / 1000) - 1),
    });
    const body = await this.http.getJson(url, {
      headers: { 'X-Finnhub-Token': this.apiKey },
      signal,
      ticker,
    });
    return candlesFromFinnhub(body, resolution, this.name, `GET ${url.pathname}`);
  }
}
