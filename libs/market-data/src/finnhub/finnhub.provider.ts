import {
  type Adjustment,
  type Candle,
  DAY_MS,
  type Interval,
  type IntradayResolution,
  isIntraday,
  ProviderPlanError,
  type Resolution,
  toIsoDate,
} from '@app/ohlc-core';
import { HttpOhlcProvider } from '../http/http-ohlc-provider';
import type { HttpProviderOptions } from '../http/http-provider.options';
import { DEFAULT_FETCH_COST } from '../fetch-cost';
import { corporateActionsAnswer, feedKind } from '../corporate-actions-answer';
import type { CorporateActionsAnswer, ProviderAccess } from '../ohlc-provider.port';
import { DEFAULT_REVERIFICATION } from '../settlement/reverification-policy';
import { FINNHUB_DEFAULT_LIMITS } from '../rate-limit/plan-limits';
import type { SettlementPolicy } from '../settlement/settlement-policy';
import { isRecord } from '../validation/wire-values';
import { candlesFromFinnhub, dividendsFromFinnhub, splitsFromFinnhub } from './finnhub-wire';

export const FINNHUB_DEFAULT_BASE_URL = 'https://finnhub.io/api/v1';
/**
 * Finnhub documents no publication delay for `/stock/candle`. Daily candles
 * come from the exchanges' consolidated close, which the exchanges may
 * correct until about 20:00 New York (as Tiingo documents for the same
 * data); intraday bars get the same five minutes as Tiingo's.
 */
export const FINNHUB_SETTLEMENT: SettlementPolicy = {
  dailyNewYorkMinute: 20 * 60,
  intradayDelayMs: 5 * 60_000,
};
/** A symbol every plan with candle access serves: what `checkAccess` asks about. */
export const FINNHUB_ACCESS_PROBE_TICKER = 'AAPL';

/** The body of Finnhub's 403 for an endpoint the key's plan does not include. */
const PLAN_REFUSAL = "You don't have access to this resource.";

/**
 * Finnhub options. Defaults: `baseUrl` `https://finnhub.io/api/v1`,
 * `timeoutMs` 10 000, `maxRetries` 2, `baseBackoffMs` 250, `limits` 60 per
 * minute and 30 per second (`FINNHUB_DEFAULT_LIMITS`), `maxBarsPerCall`
 * unbounded (one call per range), `settlement` `FINNHUB_SETTLEMENT`.
 */
export type FinnhubProviderOptions = HttpProviderOptions;

/**
 * Candles from `/stock/candle` (a paid plan: the free one gets
 * `ProviderPlanError`), splits from `/stock/split`, dividends from `/stock/dividend`. The key travels in
 * `X-Finnhub-Token`, never as `?token=`.
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
        limits: FINNHUB_DEFAULT_LIMITS,
        maxBarsPerCall: Infinity,
        // Calls per minute are the only published limit; rows are not metered separately.
        fetchCost: DEFAULT_FETCH_COST,
        settlement: FINNHUB_SETTLEMENT,
        isPlanRefusal: (body) => isRecord(body) && body.error === PLAN_REFUSAL,
      },
      options,
    );
  }

  /**
   * One daily-candle call for the past week of `FINNHUB_ACCESS_PROBE_TICKER`.
   * Finnhub grants `/stock/candle` per plan, not per resolution, so a refusal
   * denies every resolution.
   */
  async checkAccess(signal?: AbortSignal): Promise<ProviderAccess> {
    const today = this.now() - (this.now() % DAY_MS);
    const pastWeek = { from: today - 7 * DAY_MS, to: today + DAY_MS };
    try {
      await this.fetchPiece(FINNHUB_ACCESS_PROBE_TICKER, 'D', pastWeek, signal);
      return { denied: [] };
    } catch (error) {
      if (!(error instanceof ProviderPlanError)) throw error;
      return { denied: this.resolutions, reason: error.message };
    }
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
    const kind = (path: string, resource: string, read: typeof splitsFromFinnhub) =>
      feedKind(
        range,
        async () => {
          const url = this.url(path, {
            symbol: ticker,
            // Both dates are inclusive upstream; the range is half-open.
            from: toIsoDate(range.from),
            to: toIsoDate(range.to - 1),
          });
          const body = await this.http.getJson(url, {
            headers: { 'X-Finnhub-Token': this.apiKey },
            signal,
            ticker,
            resource,
          });
          return read(body, this.name, `GET ${url.pathname}`);
        },
        (rows) => this.rows.record(ticker, resource, rows.total, rows.dropped),
      );
    const splits = await kind('/stock/split', 'splits', splitsFromFinnhub);
    const dividends = await kind('/stock/dividend', 'dividends', dividendsFromFinnhub);
    return corporateActionsAnswer(splits, dividends);
  }

  /**
   * Finnhub stamps 60-minute bars on clock hours (09:00, 10:00, …: its own
   * issue tracker calls them "realigned to 9:00"), so not one lands on the
   * 09:30 session grid; 30-minute bars do, and two of them make each hour.
   * Twice the rows per call cost nothing extra: Finnhub meters calls only.
   */
  protected override wireResolution(resolution: IntradayResolution): IntradayResolution {
    return resolution === '60' ? '30' : resolution;
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
      resource: 'candles',
    });
    return candlesFromFinnhub(body, resolution, this.name, `GET ${url.pathname}`);
  }
}
