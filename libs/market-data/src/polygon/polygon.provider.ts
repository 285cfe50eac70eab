import {
  type Candle,
  DAY_MS,
  type Interval,
  type IntradayResolution,
  isIntraday,
  ProviderUnavailableError,
  type Resolution,
} from '@app/ohlc-core';
import { DEFAULT_FETCH_COST } from '../fetch-cost';
import { HttpOhlcProvider } from '../http/http-ohlc-provider';
import type { HttpProviderOptions } from '../http/http-provider.options';
import type { BudgetWindow } from '../rate-limit/budget-window';
import type { SettlementPolicy } from '../settlement/settlement-policy';
import { isRecord } from '../validation/wire-values';
import { pageFromPolygon, POLYGON_RANGE, polygonWireResolution } from './polygon-wire';

export const POLYGON_DEFAULT_BASE_URL = 'https://api.polygon.io';
/** The most bars one aggregates call returns (`limit` maximum, Polygon's docs). */
export const POLYGON_MAX_LIMIT = 50_000;
/** Polygon's free ("Basic") plan: 5 API calls per minute. */
export const POLYGON_FREE_PLAN_LIMITS: readonly BudgetWindow[] = [{ limit: 5, windowMs: 60_000 }];
/**
 * Daily bars trusted from 20:00 New York, intraday ones five minutes after they
 * close (Polygon documents no correction window: unconfirmed, as for Tiingo).
 */
export const POLYGON_SETTLEMENT: SettlementPolicy = {
  dailyNewYorkMinute: 20 * 60,
  intradayDelayMs: 5 * 60_000,
};

/** A 403 body Polygon sends when the key's plan lacks the data asked for. */
const isPolygonPlanRefusal = (body: unknown) => isRecord(body) && body.status === 'NOT_AUTHORIZED';

export type PolygonProviderOptions = HttpProviderOptions;

/**
 * Aggregates from `/v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}`
 * (`adjusted=false`: this cache adjusts at read time), following `next_url`
 * until the range is done. The key travels as `Authorization: Bearer`, which
 * Polygon accepts besides `?apiKey=` and which keeps it out of logged URLs.
 */
export class PolygonProvider extends HttpOhlcProvider {
  constructor(options: PolygonProviderOptions) {
    super(
      'polygon',
      {
        baseUrl: POLYGON_DEFAULT_BASE_URL,
        limits: POLYGON_FREE_PLAN_LIMITS,
        maxBarsPerCall: Infinity,
        fetchCost: DEFAULT_FETCH_COST,
        settlement: POLYGON_SETTLEMENT,
        isPlanRefusal: isPolygonPlanRefusal,
      },
      options,
    );
  }

  protected override wireResolution(resolution: IntradayResolution): IntradayResolution {
    return polygonWireResolution(resolution);
  }

  protected async fetchPiece(
    ticker: string,
    resolution: Resolution,
    piece: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]> {
    const symbol = encodeURIComponent(ticker);
    // Millisecond bounds are inclusive upstream; the piece's end is exclusive.
    const range = `${piece.from}/${piece.to - 1}`;
    let next: URL | string | undefined = this.url(
      `/v2/aggs/ticker/${symbol}/range/${POLYGON_RANGE[resolution]}/${range}`,
      { adjusted: 'false', sort: 'asc', limit: String(POLYGON_MAX_LIMIT) },
    );
    const candles: Candle[] = [];
    while (next !== undefined) {
      const body = await this.http.getJson(next, {
        headers: { Authorization: `Bearer ${this.apiKey}` },
        signal,
        ticker,
      });
      const page = pageFromPolygon(body, this.name, `GET aggs ${ticker}`);
      candles.push(...(isIntraday(resolution) ? page.candles : page.candles.map(onUtcDate)));
      next = page.nextUrl === undefined ? undefined : this.sameOrigin(page.nextUrl);
    }
    return candles;
  }

  /** `next_url` must stay on the configured host: the key would travel with it. */
  private sameOrigin(nextUrl: string): URL {
    const url = new URL(nextUrl);
    if (url.origin !== this.url('/', {}).origin) {
      throw new ProviderUnavailableError(this.name, 'next_url points to another host');
    }
    return url;
  }
}

/** A daily bar starts at 00:00 New York; the port keys days by 00:00Z of the same date. */
function onUtcDate(candle: Candle): Candle {
  const noon = candle.start + 12 * 3_600_000;
  return { ...candle, start: noon - (noon % DAY_MS) };
}
