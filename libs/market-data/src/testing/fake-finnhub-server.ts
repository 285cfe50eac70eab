import { type Candle, isIntraday, type Resolution, RESOLUTIONS } from '@app/ohlc-core';
import { newYorkWallClock } from '@app/market-hours';
import { isRecord } from '../validation/wire-values';
import {
  FakeUpstreamServer,
  jsonAnswer,
  type RecordedRequest,
  type ScriptedResponse,
} from './fake-upstream-server';
import { HeldCandles } from './held-candles';

export interface FakeFinnhubServerOptions {
  /** The only key the fake accepts (`X-Finnhub-Token`). */
  readonly apiKey: string;
  /**
   * How daily bars are stamped: `utc-midnight` (00:00Z of the date, Finnhub
   * since 2021) or `new-york-open` (09:30 America/New_York, earlier). Default
   * `utc-midnight`.
   */
  readonly dailyStamp?: 'utc-midnight' | 'new-york-open';
  /**
   * `free`: `/stock/candle` answers 403 `{"error":"You don't have access to
   * this resource."}`, as for Finnhub's free plan. Default `paid`.
   */
  readonly plan?: 'free' | 'paid';
  /**
   * Whether the plan includes `/stock/dividend` (Finnhub sells it apart);
   * without, it answers the plan refusal. Default true.
   */
  readonly dividends?: boolean;
}

const PLAN_REFUSAL = { error: "You don't have access to this resource." };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Finnhub's `/api/v1/stock/candle` over real HTTP: parallel arrays for the
 * bars stamped within `[from, to]` (epoch seconds), `{"s":"no_data"}` when
 * none; `/api/v1/stock/split` and `/api/v1/stock/dividend`: the split and
 * dividend rows dated within `[from, to]` (`YYYY-MM-DD`).
 */
export class FakeFinnhubServer extends FakeUpstreamServer {
  protected override readonly basePath = '/api/v1';
  private readonly candles = new HeldCandles();
  private readonly payloads = new Map<string, unknown>();
  private readonly actions = new Map<string, readonly unknown[]>();
  /** The only key it accepts. */
  readonly apiKey: string;
  private readonly dailyStamp: 'utc-midnight' | 'new-york-open';
  private readonly plan: 'free' | 'paid';
  private readonly dividends: boolean;

  constructor(options: FakeFinnhubServerOptions) {
    super();
    this.apiKey = options.apiKey;
    this.dailyStamp = options.dailyStamp ?? 'utc-midnight';
    this.plan = options.plan ?? 'paid';
    this.dividends = options.dividends ?? true;
  }

  /**
   * Serves `rows` (`{ symbol, date, fromFactor, toFactor }`, or anything) from
   * `/stock/split`; rows without a `YYYY-MM-DD` date are always sent.
   */
  setSplits(ticker: string, rows: readonly unknown[]): this {
    this.actions.set(`${ticker.toUpperCase()}#split`, rows);
    return this;
  }

  /**
   * Serves `rows` (`{ symbol, date, amount, adjustedAmount, payDate,
   * recordDate, declarationDate, currency }`, or anything) from
   * `/stock/dividend`; rows without a `YYYY-MM-DD` date are always sent.
   */
  setDividends(ticker: string, rows: readonly unknown[]): this {
    this.actions.set(`${ticker.toUpperCase()}#dividend`, rows);
    return this;
  }

  /**
   * Serves `candles` (daily ones with domain starts, 00:00Z) as the configured
   * stamps; hourly bars on clock hours, as Finnhub stamps them (`HeldCandles`).
   */
  setCandles(ticker: string, resolution: Resolution, candles: readonly Candle[]): this {
    this.candles.set(ticker, resolution, candles);
    return this;
  }

  /** Answers every candle request for the series with `payload`, whatever the range. */
  setPayload(ticker: string, resolution: Resolution, payload: unknown): this {
    this.payloads.set(`${ticker.toUpperCase()}#${resolution}`, payload);
    return this;
  }

  protected answer(request: RecordedRequest): ScriptedResponse {
    if (request.headers['x-finnhub-token'] !== this.apiKey) {
      return jsonAnswer(401, { error: 'Invalid API key' });
    }
    const feed = ['split', 'dividend'].find((f) => request.path === `${this.basePath}/stock/${f}`);
    if (feed) {
      if (feed === 'dividend' && !this.dividends) return jsonAnswer(403, PLAN_REFUSAL);
      return this.actionsAnswer(feed, request.query);
    }
    if (request.path !== `${this.basePath}/stock/candle`) {
      return jsonAnswer(404, { error: 'Not found' });
    }
    if (this.plan === 'free') {
      return jsonAnswer(403, PLAN_REFUSAL);
    }
    const { query } = request;
    const resolution = RESOLUTIONS.find((r) => r === query.get('resolution'));
    const from = Number(query.get('from'));
    const to = Number(query.get('to'));
    if (!query.get('symbol') || !resolution || !Number.isInteger(from) || !Number.isInteger(to)) {
      return jsonAnswer(422, { error: 'Wrong resolution or range' });
    }
    const symbol = query.get('symbol') ?? '';
    const payload = this.payloads.get(`${symbol.toUpperCase()}#${resolution}`);
    if (payload !== undefined) return jsonAnswer(200, payload);
    const bars = this.candles
      .bars(symbol, resolution)
      .map((c) => ({ ...c, t: Math.floor(this.stamp(resolution, c.start) / 1000) }))
      .filter((c) => c.t >= from && c.t <= to);
    if (bars.length === 0) return jsonAnswer(200, { s: 'no_data' });
    return jsonAnswer(200, {
      s: 'ok',
      t: bars.map((b) => b.t),
      o: bars.map((b) => b.open),
      h: bars.map((b) => b.high),
      l: bars.map((b) => b.low),
      c: bars.map((b) => b.close),
      v: bars.map((b) => b.volume ?? 0),
    });
  }

  private actionsAnswer(feed: string, query: URLSearchParams): ScriptedResponse {
    const from = query.get('from') ?? '';
    const to = query.get('to') ?? '';
    if (!query.get('symbol') || !DATE.test(from) || !DATE.test(to)) {
      return jsonAnswer(422, { error: 'Wrong symbol or dates' });
    }
    const rows = this.actions.get(`${(query.get('symbol') ?? '').toUpperCase()}#${feed}`) ?? [];
    return jsonAnswer(
      200,
      rows.filter((row) => {
        const date = isRecord(row) && typeof row.date === 'string' ? row.date : undefined;
        return date === undefined || !DATE.test(date) || (date >= from && date <= to);
      }),
    );
  }

  private stamp(resolution: Resolution, start: number): number {
    if (isIntraday(resolution) || this.dailyStamp === 'utc-midnight') return start;
    // 09:30 New York is 13:30Z in summer and 14:30Z in winter.
    const summer = start + 13.5 * 3_600_000;
    return newYorkWallClock(summer).minuteOfDay === 9 * 60 + 30 ? summer : summer + 3_600_000;
  }
}
