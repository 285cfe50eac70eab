import {
  type Adjustment,
  type Candle,
  DAY_MS,
  type Interval,
  isIntraday,
  type Resolution,
  toIsoDate,
} from '@app/ohlc-core';
import { corporateActionsAnswer } from '../corporate-actions-answer';
import { HttpOhlcProvider } from '../http/http-ohlc-provider';
import type { HttpProviderOptions } from '../http/http-provider.options';
import type { CorporateActionsAnswer, ProviderAccess } from '../ohlc-provider.port';
import { FINNHUB_DEFAULT_LIMITS } from '../rate-limit/plan-limits';
import { DEFAULT_REVERIFICATION } from '../settlement/reverification-policy';
import { isRecord } from '../validation/wire-values';
import { candlesFromFinnhub, dividendRowsFromFinnhub, splitRowsFromFinnhub } from './finnhub-wire';

export const FINNHUB_DEFAULT_BASE_URL = 'https://finnhub.io/api/v1';

/** The body of Finnhub's 403 for an endpoint the key's plan does not include. */
const PLAN_REFUSAL = "You don't have access to this resource.";

/**
 * Finnhub options. Defaults: `baseUrl` `https://finnhub.io/api/v1`,
 * `timeoutMs` 10 000, `maxRetries` 2, `baseBackoffMs` 250, `limits` 60 per
 * minute and 30 per second (`FINNHUB_DEFAULT_LIMITS`), `maxBarsPerCall`
 * unbounded (one call per range), `settlement` `EXCHANGE_FEED_SETTLEMENT`
 * (Finnhub documents no publication delay).
 */
export type FinnhubProviderOptions = HttpProviderOptions;

/**
 * Candles from `/stock/candle` (a paid plan: the free one gets
 * `ProviderPlanError`), splits from `/stock/split`, cash
 * dividends from `/stock/dividend`. The key travels in
 * `X-Finnhub-Token`, never as `?token=`. Hourly bars are stamped on clock
 * hours (Finnhub's own issue tracker calls them "realigned to 9:00"), so
 * hourly candles are built from 30-minute bars.
 */
export class FinnhubProvider extends HttpOhlcProvider {
  /** "Daily data will be adjusted for Splits. Intraday data will remain unadjusted." (Finnhub's docs) */
  readonly priceAdjustment: Readonly<Partial<Record<Resolution, Adjustment>>> = { D: 'splits' };
  readonly reverification = DEFAULT_REVERIFICATION;

  constructor(options: FinnhubProviderOptions) {
    super(
      'finnhub',
      {
        baseUrl: FINNHUB_DEFAULT_BASE_URL,
        // Calls per minute are the only published limit; rows are not metered separately.
        limits: FINNHUB_DEFAULT_LIMITS,
        isPlanRefusal: (body) => isRecord(body) && body.error === PLAN_REFUSAL,
      },
      options,
    );
  }

  /**
   * One daily-candle call for the past week. Finnhub grants `/stock/candle`
   * per plan, not per resolution, so a refusal denies every resolution.
   */
  checkAccess(signal?: AbortSignal): Promise<ProviderAccess> {
    return this.probeAccess('D', this.resolutions, signal);
  }

  /**
   * Splits from `/stock/split` and cash dividends from `/stock/dividend`
   * (either may be outside the key's plan: reported in `covers`). Both list
   * actions announced ahead of their ex-date.
   */
  async fetchCorporateActions(
    ticker: string,
    range: Interval,
    signal?: AbortSignal,
  ): Promise<CorporateActionsAnswer> {
    const kind = (path: string, what: string, read: typeof splitRowsFromFinnhub) =>
      this.corporateActionsOfKind(ticker, range, what, async () => {
        const url = this.url(path, {
          symbol: ticker,
          // Both dates are inclusive upstream; the range is half-open.
          from: toIsoDate(range.from),
          to: toIsoDate(range.to - 1),
        });
        const body = await this.getJson(url, { signal, ticker, resource: what });
        return read(body, this.name, `GET ${url.pathname}`);
      });
    const splits = await kind('/stock/split', 'splits', splitRowsFromFinnhub);
    const dividends = await kind('/stock/dividend', 'dividends', dividendRowsFromFinnhub);
    return corporateActionsAnswer(splits, dividends);
  }

  protected authHeaders(): Readonly<Record<string, string>> {
    return { 'X-Finnhub-Token': this.apiKey };
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
    const body = await this.getJson(url, { signal, ticker, resource: 'candles' });
    return candlesFromFinnhub(body, resolution, this.name, `GET ${url.pathname}`);
  }
}
