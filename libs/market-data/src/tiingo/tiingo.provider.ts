import {
  type Candle,
  type Interval,
  isIntraday,
  ProviderAuthError,
  ProviderPlanError,
  type Resolution,
  toIsoDate,
} from '@app/ohlc-core';
import { corporateActionsAnswer } from '../corporate-actions-answer';
import { HttpOhlcProvider } from '../http/http-ohlc-provider';
import type { HttpProviderOptions } from '../http/http-provider.options';
import type { CorporateActionsAnswer, VolumeScope } from '../ohlc-provider.port';
import { DEFAULT_REVERIFICATION } from '../settlement/reverification-policy';
import { TIINGO_FREE_PLAN_LIMITS } from '../rate-limit/plan-limits';
import {
  candlesFromTiingo,
  distributionRowsFromTiingo,
  splitRowsFromTiingo,
  TIINGO_RESAMPLE_FREQ,
  tiingoIexResolution,
  tiingoSymbol,
} from './tiingo-wire';

export const TIINGO_DEFAULT_BASE_URL = 'https://api.tiingo.com';
/** Bars the IEX feed serves per call (it returns only the most recent ones beyond that). */
export const TIINGO_DEFAULT_MAX_BARS_PER_CALL = 2000;

/**
 * Tiingo options. Defaults: `baseUrl` `https://api.tiingo.com`, `timeoutMs`
 * 10 000, `maxRetries` 2, `baseBackoffMs` 250, `limits` the free plan (50 per
 * hour, 1 000 per day), `maxBarsPerCall` 2 000 (intraday only: the daily
 * endpoint serves a whole range per call), `settlement`
 * `EXCHANGE_FEED_SETTLEMENT` (its end-of-day docs: corrections "until 8 PM EST").
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
        // 50 requests an hour against a monthly bandwidth allowance: requests are
        // scarcer, as the default fetch cost has it.
        maxBarsPerCall: TIINGO_DEFAULT_MAX_BARS_PER_CALL,
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
    const kind = (feed: string, read: typeof splitRowsFromTiingo) =>
      this.corporateActionsOfKind(ticker, range, feed, async () => {
        const url = this.url(`/tiingo/corporate-actions/${symbol}/${feed}`, {
          // Both dates are inclusive upstream; the range is half-open.
          startExDate: toIsoDate(range.from),
          endExDate: toIsoDate(range.to - 1),
        });
        const body = await this.getJson(url, { signal, ticker }).catch((error: unknown) => {
          throw error instanceof ProviderAuthError ? new ProviderPlanError(this.name, feed) : error;
        });
        return read(body, this.name, `GET ${url.pathname}`);
      });
    const splits = await kind('splits', splitRowsFromTiingo);
    const distributions = await kind('distributions', distributionRowsFromTiingo);
    return corporateActionsAnswer(splits, distributions);
  }

  protected override barsPerCallLimit(resolution: Resolution, configured: number): number {
    return isIntraday(resolution) ? configured : Infinity;
  }

  protected authHeaders(): Readonly<Record<string, string>> {
    return { Authorization: `Token ${this.apiKey}` };
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
    const body = await this.getJson(url, { signal, ticker });
    return candlesFromTiingo(body, this.name, `GET ${url.pathname}`);
  }
}
