import {
  type Candle,
  type Interval,
  ProviderAuthError,
  ProviderPlanError,
  type IntradayResolution,
  isIntraday,
  type Resolution,
  toIsoDate,
} from '@app/ohlc-core';
import { HttpOhlcProvider } from '../http/http-ohlc-provider';
import type { HttpProviderOptions } from '../http/http-provider.options';
import { DEFAULT_FETCH_COST } from '../fetch-cost';
import { corporateActionsAnswer, feedKind } from '../corporate-actions-answer';
import type { CorporateActionsAnswer, VolumeScope } from '../ohlc-provider.port';
import { DEFAULT_REVERIFICATION } from '../settlement/reverification-policy';
import { TIINGO_FREE_PLAN_LIMITS } from '../rate-limit/plan-limits';
import type { SettlementPolicy } from '../settlement/settlement-policy';
import {
  candlesFromTiingo,
  distributionsFromTiingo,
  splitsFromTiingo,
  TIINGO_RESAMPLE_FREQ,
  tiingoIexResolution,
  tiingoSymbol,
} from './tiingo-wire';

export const TIINGO_DEFAULT_BASE_URL = 'https://api.tiingo.com';
/** Bars the IEX feed serves per call (it returns only the most recent ones beyond that). */
export const TIINGO_DEFAULT_MAX_BARS_PER_CALL = 2000;
/**
 * Tiingo's end-of-day prices are "available at 5:30 PM EST, however exchanges
 * may send corrections until 8 PM EST" (its end-of-day documentation), hence
 * 20:00 New York. IEX bars are built as trades arrive; five minutes lets the
 * last trades of a bar reach the feed (Tiingo documents no delay).
 */
export const TIINGO_SETTLEMENT: SettlementPolicy = {
  dailyNewYorkMinute: 20 * 60,
  intradayDelayMs: 5 * 60_000,
};

/**
 * Tiingo options. Defaults: `baseUrl` `https://api.tiingo.com`, `timeoutMs`
 * 10 000, `maxRetries` 2, `baseBackoffMs` 250, `limits` the free plan (50 per
 * hour, 1 000 per day), `maxBarsPerCall` 2 000 (intraday only: the daily
 * endpoint serves a whole range per call), `settlement` `TIINGO_SETTLEMENT`.
 */
export type TiingoProviderOptions = HttpProviderOptions;

/**
 * Daily candles from `/tiingo/daily`, intraday ones from the IEX feed
 * (`/iex`), splits and distributions from `/tiingo/corporate-actions`.
 */
export class TiingoProvider extends HttpOhlcProvider {
  readonly reverification = DEFAULT_REVERIFICATION;
  /** End-of-day volume is consolidated; IEX bars count IEX trades only (Tiingo's IEX docs). */
  readonly volumeScope: Readonly<Record<Resolution, VolumeScope>> = {
    '1': 'exchange-only',
    '5': 'exchange-only',
    '15': 'exchange-only',
    '30': 'exchange-only',
    '60': 'exchange-only',
    D: 'consolidated',
  };

  constructor(options: TiingoProviderOptions) {
    super(
      'tiingo',
      {
        baseUrl: TIINGO_DEFAULT_BASE_URL,
        limits: TIINGO_FREE_PLAN_LIMITS,
        maxBarsPerCall: TIINGO_DEFAULT_MAX_BARS_PER_CALL,
        // 50 requests an hour against a monthly bandwidth allowance: requests are scarcer.
        fetchCost: DEFAULT_FETCH_COST,
        settlement: TIINGO_SETTLEMENT,
      },
      options,
    );
  }

  /**
   * Splits and cash distributions, past and announced, from Tiingo's
   * corporate-actions endpoints (documented as a beta for customers with the
   * end-of-day entitlement). The key was accepted for prices, so a refusal
   * there (401/403) is the plan's, reported in `covers`.
   */
  async fetchCorporateActions(
    ticker: string,
    range: Interval,
    signal?: AbortSignal,
  ): Promise<CorporateActionsAnswer> {
    const symbol = encodeURIComponent(tiingoSymbol(ticker));
    const kind = (feed: string, read: typeof splitsFromTiingo) =>
      feedKind(
        range,
        async () => {
          const url = this.url(`/tiingo/corporate-actions/${symbol}/${feed}`, {
            // Both dates are inclusive upstream; the range is half-open.
            startExDate: toIsoDate(range.from),
            endExDate: toIsoDate(range.to - 1),
          });
          const body = await this.http
            .getJson(url, { headers: { Authorization: `Token ${this.apiKey}` }, signal, ticker })
            .catch((error: unknown) => {
              throw error instanceof ProviderAuthError
                ? new ProviderPlanError(this.name, feed)
                : error;
            });
          return read(body, this.name, `GET ${url.pathname}`);
        },
        (rows) => this.rows.record(ticker, feed, rows.total, rows.dropped),
      );
    const splits = await kind('splits', splitsFromTiingo);
    const distributions = await kind('distributions', distributionsFromTiingo);
    return corporateActionsAnswer(splits, distributions);
  }

  protected override barsPerCallLimit(resolution: Resolution, configured: number): number {
    return isIntraday(resolution) ? configured : Infinity;
  }

  protected override wireResolution(resolution: IntradayResolution): IntradayResolution {
    return tiingoIexResolution(resolution);
  }

  protected async fetchPiece(
    ticker: string,
    resolution: Resolution,
    piece: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]> {
    const symbol = encodeURIComponent(tiingoSymbol(ticker));
    // Both dates are inclusive upstream, so the piece's last date must not
    // name a date it only grazes: that would fetch (and throw away) another
    // session. A piece is a run of UTC days that hold a candle of the range
    // (planCalls leaves out a day a New York window reaches only before its
    // session), and a session's New York date is its UTC date.
    const dates = { startDate: toIsoDate(piece.from), endDate: toIsoDate(piece.to - 1) };
    const url = isIntraday(resolution)
      ? this.url(`/iex/${symbol}/prices`, {
          ...dates,
          resampleFreq: TIINGO_RESAMPLE_FREQ[tiingoIexResolution(resolution)],
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
