import {
  type Candle,
  type Interval,
  type IntradayResolution,
  type Resolution,
} from '@app/ohlc-core';
import { DEFAULT_FETCH_COST } from '../fetch-cost';
import { HttpOhlcProvider } from '../http/http-ohlc-provider';
import type { HttpProviderOptions } from '../http/http-provider.options';
import type { VolumeScope } from '../ohlc-provider.port';
import type { BudgetWindow } from '../rate-limit/budget-window';
import type { SettlementPolicy } from '../settlement/settlement-policy';
import { isRecord } from '../validation/wire-values';
import { ALPACA_TIMEFRAME, pageFromAlpaca } from './alpaca-wire';

export const ALPACA_DEFAULT_BASE_URL = 'https://data.alpaca.markets';
/** The most bars one call returns (`limit` range 1–10000, Alpaca's historical-data docs). */
export const ALPACA_MAX_LIMIT = 10_000;
/** Alpaca's free (Basic) market-data plan: 200 calls per minute (unconfirmed in the docs read). */
export const ALPACA_FREE_PLAN_LIMITS: readonly BudgetWindow[] = [{ limit: 200, windowMs: 60_000 }];
/** As Tiingo's: Alpaca documents no correction window (unconfirmed). */
export const ALPACA_SETTLEMENT: SettlementPolicy = {
  dailyNewYorkMinute: 20 * 60,
  intradayDelayMs: 5 * 60_000,
};

/** `iex`: the free plan's single-exchange feed; `sip`: every US venue (a paid plan). */
export type AlpacaFeed = 'iex' | 'sip';

/** Alpaca options: the key id is `apiKey`; `feed` defaults to `iex`. */
export interface AlpacaProviderOptions extends HttpProviderOptions {
  readonly secretKey: string;
  readonly feed?: AlpacaFeed;
}

/** "subscription does not permit querying recent SIP data" (Alpaca's market-data FAQ). */
const isAlpacaPlanRefusal = (body: unknown) =>
  isRecord(body) && typeof body.message === 'string' && body.message.includes('subscription');

const RESOLUTIONS: readonly Resolution[] = ['1', '5', '15', '30', '60', 'D'];

/**
 * Bars from `/v2/stocks/{symbol}/bars` (`adjustment=raw`, RFC 3339 bounds),
 * following `next_page_token` until done. Keys in `APCA-API-KEY-ID` and
 * `APCA-API-SECRET-KEY`.
 */
export class AlpacaProvider extends HttpOhlcProvider {
  readonly volumeScope: Readonly<Record<Resolution, VolumeScope>>;
  private readonly feed: AlpacaFeed;
  private readonly secretKey: string;

  constructor(options: AlpacaProviderOptions) {
    super(
      'alpaca',
      {
        baseUrl: ALPACA_DEFAULT_BASE_URL,
        limits: ALPACA_FREE_PLAN_LIMITS,
        maxBarsPerCall: Infinity,
        fetchCost: DEFAULT_FETCH_COST,
        settlement: ALPACA_SETTLEMENT,
        isPlanRefusal: isAlpacaPlanRefusal,
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

  protected override wireResolution(resolution: IntradayResolution): IntradayResolution {
    return resolution === '60' ? '30' : resolution;
  }

  protected async fetchPiece(
    ticker: string,
    resolution: Resolution,
    piece: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]> {
    const query = {
      timeframe: ALPACA_TIMEFRAME[resolution],
      start: new Date(piece.from).toISOString(),
      // `end` is inclusive upstream; the piece's end is exclusive.
      end: new Date(piece.to - 1).toISOString(),
      adjustment: 'raw',
      feed: this.feed,
      limit: String(ALPACA_MAX_LIMIT),
    };
    const path = `/v2/stocks/${encodeURIComponent(ticker)}/bars`;
    const candles: Candle[] = [];
    let token: string | undefined;
    do {
      const url = this.url(path, token === undefined ? query : { ...query, page_token: token });
      const body = await this.http.getJson(url, {
        headers: { 'APCA-API-KEY-ID': this.apiKey, 'APCA-API-SECRET-KEY': this.secretKey },
        signal,
        ticker,
      });
      const page = pageFromAlpaca(body, this.name, `GET ${path}`);
      candles.push(...page.candles);
      token = page.nextPageToken;
    } while (token !== undefined);
    return candles;
  }
}
