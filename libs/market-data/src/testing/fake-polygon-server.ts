import { type Candle, DAY_MS, isIntraday, type Resolution, RESOLUTIONS } from '@app/ohlc-core';
import { newYorkMinuteOn } from '@app/market-hours';
import { POLYGON_RANGE } from '../polygon/polygon-wire';
import { isRecord } from '../validation/wire-values';
import { jsonAnswer, type RecordedRequest, type ScriptedResponse } from './fake-upstream-server';
import { type FakePage, FakePagedServer, type FakePagedServerOptions } from './fake-paged-server';

export interface FakePolygonServerOptions extends FakePagedServerOptions {
  /** The only key the fake accepts (`Authorization: Bearer`, or `?apiKey=`). */
  readonly apiKey: string;
  /**
   * How far back the key's plan reaches, ms before `now`: an aggregates
   * request from earlier gets Polygon's 403 `NOT_AUTHORIZED` ("Your plan
   * doesn't include this data timeframe"). Default: all history.
   */
  readonly historyMs?: number;
  /** Bars that start less than this many ms before `now` are not served yet (a delayed plan). Default 0. */
  readonly delayMs?: number;
}

const AGGS_PATH = /^\/v2\/aggs\/ticker\/([^/]+)\/range\/(\d+\/[a-z]+)\/([^/]+)\/([^/]+)$/;
const REFERENCE_PATH = /^\/v3\/reference\/(splits|dividends)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MILLIS = /^\d+$/;
/** Which field a reference endpoint selects by. */
const REFERENCE_DATE = { splits: 'execution_date', dividends: 'ex_dividend_date' } as const;
const REQUEST_ID = 'fake-polygon-request';

/**
 * Polygon's (Massive's) aggregates and reference endpoints over real HTTP:
 * `/v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}` with
 * bars `t`/`o`/`h`/`l`/`c`/`v`/`vw`/`n` (`t` in epoch ms; a daily bar's at the
 * New York midnight of its date) between the two bounds (inclusive; epoch
 * ms, or `YYYY-MM-DD` in New York), and `/v3/reference/splits` and
 * `/v3/reference/dividends`. Pages of at most `pageSize` rows are linked by
 * `next_url` (`?cursor=`); hourly bars are on clock hours.
 */
export class FakePolygonServer extends FakePagedServer {
  private readonly reference = {
    splits: new Map<string, readonly unknown[]>(),
    dividends: new Map<string, readonly unknown[]>(),
  };
  /** The only key it accepts. */
  readonly apiKey: string;
  private readonly historyMs: number;
  private readonly delayMs: number;

  constructor(options: FakePolygonServerOptions) {
    super(options);
    this.apiKey = options.apiKey;
    this.historyMs = options.historyMs ?? Infinity;
    this.delayMs = options.delayMs ?? 0;
  }

  /** Serves `rows` (`{ ticker, execution_date, split_from, split_to }`, or anything) as splits. */
  setSplits(ticker: string, rows: readonly unknown[]): this {
    this.reference.splits.set(ticker.toUpperCase(), rows);
    return this;
  }

  /** Serves `rows` (`{ ticker, ex_dividend_date, cash_amount, … }`, or anything) as dividends. */
  setDividends(ticker: string, rows: readonly unknown[]): this {
    this.reference.dividends.set(ticker.toUpperCase(), rows);
    return this;
  }

  protected refuseCredentials(request: RecordedRequest): ScriptedResponse | undefined {
    const bearer = request.headers.authorization === `Bearer ${this.apiKey}`;
    if (bearer || request.query.get('apiKey') === this.apiKey) return undefined;
    return jsonAnswer(401, { status: 'ERROR', request_id: REQUEST_ID, error: 'Unknown API Key' });
  }

  /** Polygon documents no header on its 429; the fake sends `Retry-After` (an assumption). */
  protected rateLimited(retryAfterSeconds: number): ScriptedResponse {
    return jsonAnswer(
      429,
      {
        status: 'ERROR',
        request_id: REQUEST_ID,
        error:
          "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing",
      },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }

  protected route(request: RecordedRequest): ScriptedResponse {
    const cursor = request.query.get('cursor');
    const aggs = AGGS_PATH.exec(request.path);
    const reference = REFERENCE_PATH.exec(request.path);
    if (cursor !== null && (aggs || reference)) {
      const page = this.nextPage(cursor);
      if (typeof page === 'string') return error(400, 'Invalid cursor');
      return aggs ? this.aggsPage(request, aggs[1], page) : this.referencePage(request, page);
    }
    if (aggs) return this.aggsAnswer(request, aggs);
    if (reference) return this.referenceAnswer(request, reference[1] as 'splits' | 'dividends');
    return jsonAnswer(404, { status: 'NOT_FOUND', request_id: REQUEST_ID, message: 'Not found' });
  }

  private aggsAnswer(request: RecordedRequest, match: RegExpExecArray): ScriptedResponse {
    const [, ticker, range, fromText, toText] = match;
    const resolution = RESOLUTIONS.find((r) => POLYGON_RANGE[r] === range);
    const from = bound(fromText, 'start');
    const to = bound(toText, 'end');
    if (resolution === undefined) return error(400, `Unsupported range ${range}`);
    if (!Number.isFinite(from) || !Number.isFinite(to)) {
      return error(400, "Could not parse the 'from' or 'to' parameter.");
    }
    if (from < this.now() - this.historyMs) {
      return jsonAnswer(403, {
        status: 'NOT_AUTHORIZED',
        request_id: REQUEST_ID,
        message:
          "Your plan doesn't include this data timeframe. Please upgrade your plan at https://polygon.io/pricing",
      });
    }
    const published = this.now() - this.delayMs;
    const bars = this.bars(decodeURIComponent(ticker), resolution).filter((bar) => {
      const t = isRecord(bar) ? bar.t : undefined;
      return typeof t !== 'number' || (t >= from && t <= to && t <= published);
    });
    if (request.query.get('sort') === 'desc') bars.reverse();
    const limit = Math.min(Number(request.query.get('limit') ?? 5000) || 5000, 50_000);
    return this.aggsPage(request, decodeURIComponent(ticker), this.firstPage(bars, limit));
  }

  private aggsPage(request: RecordedRequest, ticker: string, page: FakePage): ScriptedResponse {
    return jsonAnswer(200, {
      ticker: decodeURIComponent(ticker).toUpperCase(),
      queryCount: page.rows.length,
      resultsCount: page.rows.length,
      adjusted: request.query.get('adjusted') !== 'false',
      // Polygon leaves `results` out when there are none.
      ...(page.rows.length > 0 && { results: page.rows }),
      status: 'OK',
      request_id: REQUEST_ID,
      count: page.rows.length,
      ...this.link(request, page),
    });
  }

  private referenceAnswer(
    request: RecordedRequest,
    kind: 'splits' | 'dividends',
  ): ScriptedResponse {
    const { query } = request;
    const field = REFERENCE_DATE[kind];
    const gte = query.get(`${field}.gte`) ?? '0000-00-00';
    const lte = query.get(`${field}.lte`) ?? '9999-99-99';
    const rows = (this.reference[kind].get((query.get('ticker') ?? '').toUpperCase()) ?? []).filter(
      (row) => {
        const date = isRecord(row) ? row[field] : undefined;
        return typeof date !== 'string' || !DATE.test(date) || (date >= gte && date <= lte);
      },
    );
    const limit = Math.min(Number(query.get('limit') ?? 10) || 10, 1000);
    return this.referencePage(request, this.firstPage(rows, limit));
  }

  private referencePage(request: RecordedRequest, page: FakePage): ScriptedResponse {
    return jsonAnswer(200, {
      results: page.rows,
      status: 'OK',
      request_id: REQUEST_ID,
      ...this.link(request, page),
    });
  }

  /** `next_url`: the same path with only the cursor, as Polygon links its pages. */
  private link(request: RecordedRequest, page: FakePage): { next_url?: string } {
    if (page.token === undefined) return {};
    const origin = new URL(this.baseUrl).origin;
    return { next_url: `${origin}${request.path}?cursor=${page.token}` };
  }

  protected wireBar(c: Candle, resolution: Resolution): unknown {
    return {
      v: c.volume ?? 0,
      vw: (c.high + c.low + c.close) / 3,
      o: c.open,
      c: c.close,
      h: c.high,
      l: c.low,
      t: isIntraday(resolution) ? c.start : newYorkMinuteOn(c.start, 0),
      n: 10,
    };
  }
}

/** A bound of the aggregates path: epoch ms, or a `YYYY-MM-DD` New York day (its start or its end). */
function bound(text: string, side: 'start' | 'end'): number {
  if (MILLIS.test(text)) return Number(text);
  if (!DATE.test(text)) return NaN;
  const date = Date.parse(`${text}T00:00:00Z`);
  return side === 'start' ? newYorkMinuteOn(date, 0) : newYorkMinuteOn(date + DAY_MS, 0) - 1;
}

function error(status: number, message: string): ScriptedResponse {
  return jsonAnswer(status, { status: 'ERROR', request_id: REQUEST_ID, error: message });
}
