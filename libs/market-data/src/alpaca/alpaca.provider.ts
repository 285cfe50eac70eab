import {
  type Candle,
  DAY_MS,
  type Interval,
  type Resolution,
  RESOLUTIONS,
  toIsoDate,
} from '@app/ohlc-core';
import { HttpOhlcProvider } from '../http/http-ohlc-provider';
import type { HttpProviderOptions } from '../http/http-provider.options';
import type { CorporateActionsAnswer, ProviderAccess, VolumeScope } from '../ohlc-provider.port';
import type { BudgetWindow } from '../rate-limit/budget-window';
import { isRecord } from '../validation/wire-values';
import {
  ALPACA_TIMEFRAME,
  barsPageFromAlpaca,
  corporateActionsPageFromAlpaca,
} from './alpaca-wire';

export const ALPACA_DEFAULT_BASE_URL = 'https://data.alpaca.markets';
/** The most bars one call returns (`limit` range 1–10000, Alpaca's historical-data docs). */
export const ALPACA_MAX_LIMIT = 10_000;
/** The most corporate actions one call returns (`limit` 1–1000). */
export const ALPACA_ACTIONS_LIMIT = 1_000;
/** Alpaca's free market-data plan: 200 historical API calls per minute. */
export const ALPACA_FREE_PLAN_LIMITS: readonly BudgetWindow[] = [{ limit: 200, windowMs: 60_000 }];
/**
 * `start`/`end` of `/v1/corporate-actions` select by process date, which for
 * a cash dividend is about its payable date, weeks after the ex-date: the
 * query reaches this far past the range, and events are kept by ex-date.
 */
const ACTIONS_PROCESS_LAG_MS = 90 * DAY_MS;

/** `iex`: the free plan's single-exchange feed; `sip`: every US venue (the paid plan for recent data). */
export type AlpacaFeed = 'iex' | 'sip';

/**
 * Alpaca options: the key id is `apiKey`, the secret `secretKey`; `feed`
 * defaults to `iex`. Other defaults: `baseUrl` `https://data.alpaca.markets`,
 * `timeoutMs` 10 000, `maxRetries` 2, `baseBackoffMs` 250, `limits` the free
 * plan (200 per minute), `maxBarsPerCall` unbounded (one call per range,
 * following `next_page_token`), `settlement` `EXCHANGE_FEED_SETTLEMENT`.
 */
export interface AlpacaProviderOptions extends HttpProviderOptions {
  readonly secretKey: string;
  readonly feed?: AlpacaFeed;
}

/** "subscription does not permit querying recent SIP data" (Alpaca's market-data FAQ). */
const isAlpacaPlanRefusal = (body: unknown) =>
  isRecord(body) && typeof body.message === 'string' && body.message.includes('subscription');

/**
 * Bars from `/v2/stocks/{symbol}/bars` (`adjustment=raw`, RFC 3339 bounds,
 * the configured `feed`), following `next_page_token` until done; splits and
 * cash dividends from `/v1/corporate-actions`. Keys in `APCA-API-KEY-ID` and
 * `APCA-API-SECRET-KEY`; `X-RateLimit-*` answers are honoured.
 */
export class AlpacaProvider extends HttpOhlcProvider {
  /** IEX bars count IEX trades only, daily ones too; SIP bars every venue's. */
  readonly volumeScope: Readonly<Record<Resolution, VolumeScope>>;
  private readonly feed: AlpacaFeed;
  private readonly secretKey: string;

  constructor(options: AlpacaProviderOptions) {
    super(
      'alpaca',
      {
        baseUrl: ALPACA_DEFAULT_BASE_URL,
        // 200 calls a minute: calls are the scarce resource, as the default fetch cost has it.
        limits: ALPACA_FREE_PLAN_LIMITS,
        isPlanRefusal: isAlpacaPlanRefusal,
        readsRateLimitHeaders: true,
      },
      options,
    );
    this.feed = options.feed ?? 'iex';
    this.secretKey = options.secretKey;
    const scope: VolumeScope = this.feed === 'sip' ? 'consolidated' : 'exchange-only';
    this.volumeScope = Object.fromEntries(RESOLUTIONS.map((r) => [r, scope])) as Record<
      Resolution,
      VolumeScope
    >;
  }

  /**
   * Forward and reverse splits and cash dividends, by ex-date, from one feed:
   * a plan covers both kinds or neither.
   */
  async fetchCorporateActions(
    ticker: string,
    range: Interval,
    signal?: AbortSignal,
  ): Promise<CorporateActionsAnswer> {
    const resource = 'corporate actions';
    const actions = await this.corporateActionsOfKind(ticker, range, resource, () => {
      const first = this.url('/v1/corporate-actions', {
        symbols: ticker,
        types: 'forward_split,reverse_split,cash_dividend',
        // Both dates inclusive; the range is half-open.
        start: toIsoDate(range.from),
        end: toIsoDate(range.to - 1 + ACTIONS_PROCESS_LAG_MS),
        limit: String(ALPACA_ACTIONS_LIMIT),
      });
      const read = (body: unknown, url: URL) => {
        const page = corporateActionsPageFromAlpaca(body, this.name, `GET ${first.pathname}`);
        return { rows: page.rows, next: withPageToken(url, page.next) };
      };
      return this.getPages(first, { signal, ticker, resource }, { read });
    });
    const covered = actions !== null;
    return { actions: actions ?? [], covers: { splits: covered, dividends: covered } };
  }

  /**
   * One daily-bar call for the past week on the configured feed. The free
   * plan refuses the last 15 minutes of `sip` data, which every recent range
   * of every resolution reaches: a refusal denies them all.
   */
  checkAccess(signal?: AbortSignal): Promise<ProviderAccess> {
    return this.probeAccess('D', this.resolutions, signal);
  }

  protected authHeaders(): Readonly<Record<string, string>> {
    return { 'APCA-API-KEY-ID': this.apiKey, 'APCA-API-SECRET-KEY': this.secretKey };
  }

  protected fetchPiece(
    ticker: string,
    resolution: Resolution,
    piece: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]> {
    const path = `/v2/stocks/${encodeURIComponent(ticker)}/bars`;
    const first = (from: number) =>
      this.url(path, {
        timeframe: ALPACA_TIMEFRAME[resolution],
        start: new Date(from).toISOString(),
        // `end` is inclusive upstream; the piece's end is exclusive.
        end: new Date(piece.to - 1).toISOString(),
        adjustment: 'raw',
        feed: this.feed,
        limit: String(ALPACA_MAX_LIMIT),
      });
    const read = (body: unknown, url: URL) => {
      const page = barsPageFromAlpaca(body, resolution, this.name, `GET ${path}`);
      return { rows: page.candles, next: withPageToken(url, page.next) };
    };
    return this.getBarPages(piece, resolution, first, read, {
      signal,
      ticker,
      resource: `${this.feed} bars`,
    });
  }
}

/** The next page: the same request with `page_token` (Alpaca: "leaving the other parameters unchanged"). */
function withPageToken(url: URL, token: string | undefined): URL | undefined {
  if (token === undefined) return undefined;
  const next = new URL(url);
  next.searchParams.set('page_token', token);
  return next;
}
