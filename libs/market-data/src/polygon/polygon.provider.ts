import {
  type Candle,
  type Interval,
  isIntraday,
  ProviderUnavailableError,
  type Resolution,
  RESOLUTIONS,
  toIsoDate,
} from '@app/ohlc-core';
import { corporateActionsAnswer } from '../corporate-actions-answer';
import { HttpOhlcProvider } from '../http/http-ohlc-provider';
import type { HttpProviderOptions } from '../http/http-provider.options';
import type { CorporateActionsAnswer, ProviderAccess, VolumeScope } from '../ohlc-provider.port';
import type { BudgetWindow } from '../rate-limit/budget-window';
import { EXCHANGE_FEED_SETTLEMENT, type SettlementPolicy } from '../settlement/settlement-policy';
import { isRecord } from '../validation/wire-values';
import { aggsPageFromPolygon, POLYGON_RANGE, referencePageFromPolygon } from './polygon-wire';

export const POLYGON_DEFAULT_BASE_URL = 'https://api.polygon.io';
/** The most base bars one aggregates call reads (`limit` maximum, Polygon's aggregates docs). */
export const POLYGON_MAX_LIMIT = 50_000;
/** The most rows one reference call returns (`limit` maximum of splits and dividends). */
export const POLYGON_REFERENCE_LIMIT = 1_000;
/** Polygon's free ("Stocks Basic") plan: 5 API calls per minute. */
export const POLYGON_FREE_PLAN_LIMITS: readonly BudgetWindow[] = [{ limit: 5, windowMs: 60_000 }];
/**
 * Daily bars as every exchange feed; intraday bars 15 minutes after they
 * close, the delay of Polygon's delayed plans (bars of the last 15 minutes
 * are not served yet, which is no sign that there were none). A real-time
 * plan can configure less.
 */
export const POLYGON_SETTLEMENT: SettlementPolicy = {
  ...EXCHANGE_FEED_SETTLEMENT,
  intradayDelayMs: 15 * 60_000,
};

/**
 * Polygon's 403 for data the key's plan does not include: `{"status":
 * "NOT_AUTHORIZED", "message": "You are not entitled to this data…"}`, also
 * for a range beyond the plan's history ("Your plan doesn't include this data
 * timeframe").
 */
const isPolygonPlanRefusal = (body: unknown) => isRecord(body) && body.status === 'NOT_AUTHORIZED';

const INTRADAY = RESOLUTIONS.filter(isIntraday);

/**
 * Polygon options. Defaults: `baseUrl` `https://api.polygon.io`, `timeoutMs`
 * 10 000, `maxRetries` 2, `baseBackoffMs` 250, `limits` the free plan (5 per
 * minute), `maxBarsPerCall` unbounded (one call per range, following
 * `next_url`), `settlement` `POLYGON_SETTLEMENT`.
 */
export type PolygonProviderOptions = HttpProviderOptions;

/**
 * Polygon (now Massive) aggregates from
 * `/v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}`
 * (`adjusted=false`: this cache adjusts at read time; `sort=asc`), following
 * `next_url` until the range is done; splits and dividends from
 * `/v3/reference/splits` and `/v3/reference/dividends`. The key travels as
 * `Authorization: Bearer`, which Polygon accepts besides `?apiKey=` and which
 * keeps it out of logged URLs.
 */
export class PolygonProvider extends HttpOhlcProvider {
  /** Aggregates are built from the consolidated tape (every US venue). */
  readonly volumeScope: Readonly<Record<Resolution, VolumeScope>> = Object.fromEntries(
    RESOLUTIONS.map((r) => [r, 'consolidated']),
  ) as Record<Resolution, VolumeScope>;

  constructor(options: PolygonProviderOptions) {
    super(
      'polygon',
      {
        baseUrl: POLYGON_DEFAULT_BASE_URL,
        // 5 calls a minute: calls are the scarce resource, as the default fetch cost has it.
        limits: POLYGON_FREE_PLAN_LIMITS,
        settlement: POLYGON_SETTLEMENT,
        isPlanRefusal: isPolygonPlanRefusal,
      },
      options,
    );
  }

  /**
   * One call for the past week of minute bars, the aggregates every intraday
   * resolution is built from: a plan refusal denies them all.
   */
  checkAccess(signal?: AbortSignal): Promise<ProviderAccess> {
    return this.probeAccess('1', INTRADAY, signal);
  }

  /**
   * Splits by execution (ex-)date and cash dividends by ex-dividend date, two
   * paged feeds; a plan may refuse either (reported in `covers`).
   */
  async fetchCorporateActions(
    ticker: string,
    range: Interval,
    signal?: AbortSignal,
  ): Promise<CorporateActionsAnswer> {
    const kind = (kind: 'splits' | 'dividends', dateField: string) =>
      this.corporateActionsOfKind(ticker, range, kind, () => {
        const first = this.url(`/v3/reference/${kind}`, {
          ticker,
          // Both bounds inclusive; the range is half-open.
          [`${dateField}.gte`]: toIsoDate(range.from),
          [`${dateField}.lte`]: toIsoDate(range.to - 1),
          limit: String(POLYGON_REFERENCE_LIMIT),
        });
        const read = (body: unknown) => {
          const page = referencePageFromPolygon(body, kind, this.name, `GET ${first.pathname}`);
          return { rows: page.rows, next: this.link(page.next) };
        };
        return this.getPages(first, { signal, ticker, resource: kind }, { read });
      });
    const splits = await kind('splits', 'execution_date');
    const dividends = await kind('dividends', 'ex_dividend_date');
    return corporateActionsAnswer(splits, dividends);
  }

  protected authHeaders(): Readonly<Record<string, string>> {
    return { Authorization: `Bearer ${this.apiKey}` };
  }

  protected fetchPiece(
    ticker: string,
    resolution: Resolution,
    piece: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]> {
    const path = `/v2/aggs/ticker/${encodeURIComponent(ticker)}/range/${POLYGON_RANGE[resolution]}`;
    // Both bounds inclusive: epoch ms for bars, dates for days (a daily bar's
    // stamp is a New York midnight, hours past the piece's 00:00Z).
    const bound = (ms: number) => (isIntraday(resolution) ? String(ms) : toIsoDate(ms));
    const first = (from: number) =>
      this.url(`${path}/${bound(from)}/${bound(piece.to - 1)}`, {
        adjusted: 'false',
        sort: 'asc',
        limit: String(POLYGON_MAX_LIMIT),
      });
    const read = (body: unknown) => {
      const page = aggsPageFromPolygon(body, resolution, this.name, `GET aggs ${ticker}`);
      return { rows: page.candles, next: this.link(page.next) };
    };
    return this.getBarPages(piece, resolution, first, read, {
      signal,
      ticker,
      resource: 'aggregates',
    });
  }

  /** A `next_url`, which must stay on the configured host: the key travels with it. */
  private link(nextUrl: string | undefined): URL | undefined {
    if (nextUrl === undefined) return undefined;
    const url = URL.canParse(nextUrl) ? new URL(nextUrl) : undefined;
    if (url?.origin !== this.url('/', {}).origin) {
      throw new ProviderUnavailableError(this.name, 'next_url is no link to the configured host');
    }
    return url;
  }
}
