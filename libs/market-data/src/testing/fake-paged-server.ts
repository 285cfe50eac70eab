import type { Candle, Resolution } from '@app/ohlc-core';
import type { BudgetWindow } from '../rate-limit/budget-window';
import {
  FakeUpstreamServer,
  type RecordedRequest,
  type ScriptedResponse,
} from './fake-upstream-server';
import { HeldCandles } from './held-candles';

export interface FakePagedServerOptions {
  /** Most rows one page holds, whatever `limit` asks for. Default 10 000. */
  readonly pageSize?: number;
  /** The fake's clock, epoch ms (rate windows, plan rules). Default `Date.now`. */
  readonly now?: () => number;
  /** Calls allowed per fixed window (aligned to multiples of `windowMs`); past it a 429. Default none. */
  readonly rateLimit?: BudgetWindow;
}

/** Where a paged answer stands: the rows its first request selected, and how many went out. */
interface Cursor {
  readonly rows: readonly unknown[];
  readonly limit: number;
  readonly served: number;
  readonly expired: boolean;
}

/** One page of rows, and the token of the next page when rows are left. */
export interface FakePage {
  readonly rows: readonly unknown[];
  readonly token?: string;
}

/**
 * What paged bar feeds (Polygon, Alpaca) share over the wire: the bars they
 * hold, a rate window that answers 429 past its limit, and pages of at most
 * `pageSize` rows linked by opaque tokens, which `expirePageTokens` can make
 * expire. Subclasses route requests and speak the feed's own bodies and
 * headers.
 */
export abstract class FakePagedServer extends FakeUpstreamServer {
  protected readonly now: () => number;
  private readonly candles = new HeldCandles();
  private readonly verbatim = new Map<string, readonly unknown[]>();
  private readonly pageSize: number;
  private readonly rateLimit?: BudgetWindow;
  private readonly cursors = new Map<string, Cursor>();
  private cursorCount = 0;
  private toExpire = 0;
  private window = { start: 0, calls: 0 };

  protected constructor(options: FakePagedServerOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.pageSize = options.pageSize ?? 10_000;
    this.rateLimit = options.rateLimit;
  }

  /**
   * Serves `candles` (daily ones with domain starts, 00:00Z) as the feed's
   * bars; hourly bars on clock hours, as the feeds stamp theirs.
   */
  setCandles(ticker: string, resolution: Resolution, candles: readonly Candle[]): this {
    this.candles.set(ticker, resolution, candles);
    return this;
  }

  /** Serves wire bars verbatim (for malformed data); bars without a readable time are always sent. */
  setRows(ticker: string, resolution: Resolution, rows: readonly unknown[]): this {
    this.verbatim.set(`${ticker.toUpperCase()}#${resolution}`, rows);
    return this;
  }

  /** The next `count` page tokens handed out are refused when they come back, as expired ones. */
  expirePageTokens(count = 1): this {
    this.toExpire += count;
    return this;
  }

  /** Spends the rest of the current rate window, as another client of the same key would. */
  exhaustRateLimit(): this {
    if (this.rateLimit) this.window = { start: this.windowStart(), calls: this.rateLimit.limit };
    return this;
  }

  /** Also forgets page tokens, tokens to expire and the calls of the rate window. */
  override reset(): void {
    super.reset();
    this.cursors.clear();
    this.toExpire = 0;
    this.window = { start: 0, calls: 0 };
  }

  protected answer(request: RecordedRequest): ScriptedResponse {
    const refusal = this.refuseCredentials(request);
    if (refusal) return refusal;
    if (this.rateLimit) {
      if (this.window.start !== this.windowStart()) {
        this.window = { start: this.windowStart(), calls: 0 };
      }
      const resetAt = this.window.start + this.rateLimit.windowMs;
      if (this.window.calls >= this.rateLimit.limit) {
        return this.rateLimited(Math.ceil((resetAt - this.now()) / 1000), resetAt);
      }
      this.window.calls++;
    }
    const answer = this.route(request);
    if (answer.kind !== 'json') return answer;
    return { ...answer, headers: { ...this.rateHeaders(), ...answer.headers } };
  }

  /**
   * The first page of `rows` (at most `limit`, and `pageSize`), with a token
   * for the rest.
   */
  protected firstPage(rows: readonly unknown[], limit: number): FakePage {
    return this.pageOf({ rows, limit, served: 0, expired: false });
  }

  /** The page a token leads to; `expired` or `unknown` for a token that leads nowhere. */
  protected nextPage(token: string): FakePage | 'expired' | 'unknown' {
    const cursor = this.cursors.get(token);
    if (cursor === undefined) return 'unknown';
    if (cursor.expired) return 'expired';
    return this.pageOf(cursor);
  }

  /** The wire bars held for a series, oldest first. */
  protected bars(ticker: string, resolution: Resolution): unknown[] {
    const verbatim = this.verbatim.get(`${ticker.toUpperCase()}#${resolution}`);
    if (verbatim) return [...verbatim];
    return this.candles.bars(ticker, resolution).map((c) => this.wireBar(c, resolution));
  }

  /** A held candle as the feed's wire bar. */
  protected abstract wireBar(candle: Candle, resolution: Resolution): unknown;

  /** The answer to a key the feed does not accept; undefined when it does. */
  protected abstract refuseCredentials(request: RecordedRequest): ScriptedResponse | undefined;

  /** The feed's 429, `retryAfterSeconds` before the window resets at `resetAt` (epoch ms). */
  protected abstract rateLimited(retryAfterSeconds: number, resetAt: number): ScriptedResponse;

  /** The feed's answer to an accepted request within the rate limit. */
  protected abstract route(request: RecordedRequest): ScriptedResponse;

  /** Headers on every answer about the rate window (Alpaca's `X-RateLimit-*`); none by default. */
  protected rateHeaders(): Readonly<Record<string, string>> {
    return {};
  }

  /** The calls left in the current window and its end, for `rateHeaders`; undefined when unlimited. */
  protected rateWindow():
    { readonly limit: number; readonly left: number; readonly resetAt: number } | undefined {
    if (!this.rateLimit) return undefined;
    const { limit, windowMs } = this.rateLimit;
    const start = this.windowStart();
    const calls = this.window.start === start ? this.window.calls : 0;
    return { limit, left: limit - calls, resetAt: start + windowMs };
  }

  private pageOf(cursor: Cursor): FakePage {
    const size = Math.min(cursor.limit, this.pageSize);
    const served = cursor.served + size;
    const rows = cursor.rows.slice(cursor.served, served);
    if (served >= cursor.rows.length) return { rows };
    const token = Buffer.from(`page:${++this.cursorCount}`).toString('base64url');
    this.cursors.set(token, { ...cursor, served, expired: this.toExpire > 0 });
    this.toExpire = Math.max(0, this.toExpire - 1);
    return { rows, token };
  }

  private windowStart(): number {
    const windowMs = this.rateLimit?.windowMs;
    return windowMs === undefined ? 0 : this.now() - (this.now() % windowMs);
  }
}
