import { type Candle, DAY_MS } from '@app/ohlc-core';
import { newYorkDateStartUtc } from '@app/market-hours';
import { TIINGO_RESAMPLE_FREQ, type TiingoIexResolution } from '../tiingo/tiingo-wire';
import { isRecord } from '../validation/wire-values';
import {
  FakeUpstreamServer,
  jsonAnswer,
  type RecordedRequest,
  type ScriptedResponse,
} from './fake-upstream-server';

export interface FakeTiingoServerOptions {
  /** The only key the fake accepts (`Authorization: Token <key>`). */
  readonly apiKey: string;
  /** Bars the IEX route serves per call: the most recent ones win, as upstream. Default 2000. */
  readonly maxBarsPerCall?: number;
  /**
   * Whether the key may use the corporate-actions endpoints (a beta Tiingo
   * grants per account); without, they answer 403. Default true.
   */
  readonly corporateActions?: boolean;
}

const DAILY_PATH = /^\/tiingo\/daily\/([^/]+)\/prices$/;
const IEX_PATH = /^\/iex\/([^/]+)\/prices$/;
const ACTIONS_PATH = /^\/tiingo\/corporate-actions\/([^/]+)\/(splits|distributions)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the fake serves: daily rows, or IEX bars of one `resampleFreq`. */
type FakeTiingoSeries = TiingoIexResolution | 'D';

/**
 * Tiingo's daily and IEX price routes and its corporate-actions routes
 * (splits, distributions) over real HTTP. Data is per ticker (as
 * Tiingo spells it in the path, e.g. `BRK-B`) and bar size; rows outside the
 * requested dates (inclusive both; New York dates for IEX bars) are left out,
 * as upstream does. IEX bar sizes the adapter never asks for (`1hour`) get a
 * 400, so a test fails if it does.
 */
export class FakeTiingoServer extends FakeUpstreamServer {
  private readonly rows = new Map<string, unknown[]>();
  private readonly actions = new Map<string, readonly unknown[]>();
  private readonly corporateActions: boolean;
  /** The only key it accepts. */
  readonly apiKey: string;
  private readonly maxBarsPerCall: number;

  constructor(options: FakeTiingoServerOptions) {
    super();
    this.apiKey = options.apiKey;
    this.maxBarsPerCall = options.maxBarsPerCall ?? 2000;
    this.corporateActions = options.corporateActions ?? true;
  }

  /**
   * Serves `rows` (`{ exDate: "YYYY-MM-DD", splitFrom, splitTo, splitFactor,
   * splitStatus }`, or anything) from the ticker's splits route.
   */
  setSplits(ticker: string, rows: readonly unknown[]): this {
    this.actions.set(`${ticker.toUpperCase()}#splits`, rows);
    return this;
  }

  /**
   * Serves `rows` (`{ exDate, distribution, distributionFreqency, … }`, or
   * anything) from the ticker's distributions route.
   */
  setDistributions(ticker: string, rows: readonly unknown[]): this {
    this.actions.set(`${ticker.toUpperCase()}#distributions`, rows);
    return this;
  }

  /** Serves `candles` in Tiingo's wire format (daily rows get adjusted columns, split and dividend). */
  setCandles(ticker: string, resolution: FakeTiingoSeries, candles: readonly Candle[]): this {
    return this.setRows(ticker, resolution, candles.map(resolution === 'D' ? dailyRow : iexRow));
  }

  /** Serves wire rows verbatim (for malformed data); rows without a readable date are always sent. */
  setRows(ticker: string, resolution: FakeTiingoSeries, rows: readonly unknown[]): this {
    this.rows.set(`${ticker.toUpperCase()}#${resolution}`, [...rows]);
    return this;
  }

  protected answer(request: RecordedRequest): ScriptedResponse {
    if (request.headers.authorization !== `Token ${this.apiKey}`) {
      return jsonAnswer(401, { detail: 'Invalid token.' });
    }
    const actions = ACTIONS_PATH.exec(request.path);
    if (actions) return this.actionsAnswer(actions[1], actions[2], request.query);
    const daily = DAILY_PATH.exec(request.path);
    const iex = IEX_PATH.exec(request.path);
    const resolution = daily ? 'D' : resolutionOf(request.query.get('resampleFreq'));
    const ticker = decodeURIComponent((daily ?? iex)?.[1] ?? '').toUpperCase();
    if (!(daily || iex) || resolution === undefined) {
      return jsonAnswer(400, { detail: 'Bad request.' });
    }
    if (![...this.rows.keys()].some((key) => key.startsWith(`${ticker}#`))) {
      return jsonAnswer(404, { detail: `Error: Ticker '${ticker}' not found` });
    }
    const startDate = request.query.get('startDate') ?? '';
    const endDate = request.query.get('endDate') ?? '';
    if (!DATE.test(startDate) || !DATE.test(endDate)) {
      return jsonAnswer(400, { detail: 'startDate and endDate must be YYYY-MM-DD' });
    }
    const from = Date.parse(`${startDate}T00:00:00Z`);
    const to = Date.parse(`${endDate}T00:00:00Z`) + DAY_MS;
    const inDates = (this.rows.get(`${ticker}#${resolution}`) ?? []).filter((row) => {
      const at = isRecord(row) && typeof row.date === 'string' ? Date.parse(row.date) : NaN;
      if (!Number.isFinite(at)) return true;
      const date = daily ? at : newYorkDateStartUtc(at);
      return date >= from && date < to;
    });
    const served = daily ? inDates : inDates.slice(-this.maxBarsPerCall);
    return jsonAnswer(200, served);
  }

  /** The rows of one corporate-actions route whose ex-date lies in the dates asked (both inclusive). */
  private actionsAnswer(path: string, feed: string, query: URLSearchParams): ScriptedResponse {
    if (!this.corporateActions) {
      return jsonAnswer(403, { detail: 'This endpoint is available to beta customers only.' });
    }
    const from = query.get('startExDate') ?? '';
    const to = query.get('endExDate') ?? '';
    if (!DATE.test(from) || !DATE.test(to)) {
      return jsonAnswer(400, { detail: 'startExDate and endExDate must be YYYY-MM-DD' });
    }
    const rows = this.actions.get(`${decodeURIComponent(path).toUpperCase()}#${feed}`) ?? [];
    return jsonAnswer(
      200,
      rows.filter((row) => {
        const exDate = isRecord(row) && typeof row.exDate === 'string' ? row.exDate : '';
        const date = exDate.slice(0, 10);
        return !DATE.test(date) || (date >= from && date <= to);
      }),
    );
  }
}

function resolutionOf(resampleFreq: string | null): TiingoIexResolution | undefined {
  const entry = Object.entries(TIINGO_RESAMPLE_FREQ).find(([, freq]) => freq === resampleFreq);
  return entry?.[0] as TiingoIexResolution | undefined;
}

function iexRow(c: Candle): Record<string, unknown> {
  const { open, high, low, close, volume } = c;
  return { date: new Date(c.start).toISOString(), open, high, low, close, volume };
}

function dailyRow(c: Candle): Record<string, unknown> {
  return {
    ...iexRow(c),
    adjOpen: c.open,
    adjHigh: c.high,
    adjLow: c.low,
    adjClose: c.close,
    adjVolume: c.volume,
    divCash: c.divCash ?? 0,
    splitFactor: c.splitFactor ?? 1,
  };
}
