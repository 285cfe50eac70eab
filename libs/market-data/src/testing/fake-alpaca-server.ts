import { type Candle, isIntraday, type Resolution, RESOLUTIONS } from '@app/ohlc-core';
import { newYorkMinuteOn } from '@app/market-hours';
import { ALPACA_TIMEFRAME } from '../alpaca/alpaca-wire';
import { isoInstantOrNaN, isRecord } from '../validation/wire-values';
import { jsonAnswer, type RecordedRequest, type ScriptedResponse } from './fake-upstream-server';
import { type FakePage, FakePagedServer, type FakePagedServerOptions } from './fake-paged-server';

export interface FakeAlpacaServerOptions extends FakePagedServerOptions {
  /** The only key pair the fake accepts (`APCA-API-KEY-ID`, `APCA-API-SECRET-KEY`). */
  readonly keyId: string;
  readonly secretKey: string;
  /**
   * `basic` (the free plan): `sip` bars ending less than 15 minutes before
   * `now` get Alpaca's 403 "subscription does not permit querying recent SIP
   * data"; `algo-trader-plus`: no refusal. Default `basic`.
   */
  readonly plan?: 'basic' | 'algo-trader-plus';
}

const BARS_PATH = /^\/v2\/stocks\/([^/]+)\/bars$/;
const ACTIONS_PATH = '/v1/corporate-actions';
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The free plan's delay on SIP data (Alpaca's market-data plans). */
const SIP_DELAY_MS = 15 * 60_000;
/** Query `types` and the groups of the answer they fill. */
const ACTION_GROUPS: Readonly<Record<string, string>> = {
  forward_split: 'forward_splits',
  reverse_split: 'reverse_splits',
  cash_dividend: 'cash_dividends',
};

/** A held corporate action, with the group (`forward_splits`, …) it is answered in. */
interface GroupedAction {
  readonly group: string;
  readonly row: unknown;
}

/**
 * Alpaca's market-data endpoints over real HTTP: `/v2/stocks/{symbol}/bars`
 * with bars `t`/`o`/`h`/`l`/`c`/`v`/`n`/`vw` (`t` in RFC 3339; a daily bar's
 * at the New York midnight of its date) between `start` and `end` (RFC 3339,
 * inclusive), and `/v1/corporate-actions` selected by `process_date`. Pages of
 * at most `pageSize` rows are linked by `next_page_token`; hourly bars are on
 * clock hours; with `rateLimit`, every answer carries `X-RateLimit-*`.
 */
export class FakeAlpacaServer extends FakePagedServer {
  private readonly actions = new Map<string, readonly GroupedAction[]>();
  /** The only key pair it accepts. */
  readonly keyId: string;
  readonly secretKey: string;
  private readonly plan: 'basic' | 'algo-trader-plus';

  constructor(options: FakeAlpacaServerOptions) {
    super(options);
    this.keyId = options.keyId;
    this.secretKey = options.secretKey;
    this.plan = options.plan ?? 'basic';
  }

  /**
   * Serves corporate actions of `symbol`, per group (`forward_splits`,
   * `reverse_splits`, `cash_dividends`) as Alpaca's rows (`ex_date`,
   * `process_date`, `old_rate`/`new_rate` or `rate`, …, or anything).
   */
  setCorporateActions(symbol: string, groups: Readonly<Record<string, readonly unknown[]>>): this {
    const rows = Object.entries(groups).flatMap(([group, list]) =>
      list.map((row) => ({ group, row })),
    );
    this.actions.set(symbol.toUpperCase(), rows);
    return this;
  }

  protected refuseCredentials(request: RecordedRequest): ScriptedResponse | undefined {
    const { headers } = request;
    const valid =
      headers['apca-api-key-id'] === this.keyId &&
      headers['apca-api-secret-key'] === this.secretKey;
    return valid ? undefined : jsonAnswer(401, { message: 'unauthorized.' });
  }

  /** Alpaca's 429 says when to come back in `X-RateLimit-Reset` only (its docs name no Retry-After). */
  protected rateLimited(): ScriptedResponse {
    return jsonAnswer(429, { message: 'too many requests.' }, this.rateHeaders());
  }

  protected override rateHeaders(): Readonly<Record<string, string>> {
    const window = this.rateWindow();
    if (window === undefined) return {};
    return {
      'X-RateLimit-Limit': String(window.limit),
      'X-RateLimit-Remaining': String(Math.max(0, window.left)),
      'X-RateLimit-Reset': String(Math.ceil(window.resetAt / 1000)),
    };
  }

  protected route(request: RecordedRequest): ScriptedResponse {
    const bars = BARS_PATH.exec(request.path);
    const actions = request.path === ACTIONS_PATH;
    const token = request.query.get('page_token');
    if (token !== null && (bars || actions)) {
      const page = this.nextPage(token);
      if (typeof page === 'string') return jsonAnswer(400, { message: 'invalid page token' });
      return bars ? barsPage(bars[1], page) : actionsPage(page);
    }
    if (bars) return this.barsAnswer(request.query, decodeURIComponent(bars[1]));
    if (actions) return this.actionsAnswer(request.query);
    return jsonAnswer(404, { message: 'Not Found' });
  }

  private barsAnswer(query: URLSearchParams, symbol: string): ScriptedResponse {
    const resolution = RESOLUTIONS.find((r) => ALPACA_TIMEFRAME[r] === query.get('timeframe'));
    const start = instant(query.get('start'));
    const end = query.get('end') === null ? this.now() : instant(query.get('end'));
    const feed = query.get('feed') ?? 'iex';
    if (resolution === undefined) return jsonAnswer(400, { message: 'invalid timeframe' });
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      return jsonAnswer(400, { message: 'invalid start or end' });
    }
    if (feed !== 'iex' && feed !== 'sip') return jsonAnswer(400, { message: 'invalid feed' });
    if (feed === 'sip' && this.plan === 'basic' && end > this.now() - SIP_DELAY_MS) {
      return jsonAnswer(403, { message: 'subscription does not permit querying recent SIP data' });
    }
    const bars = this.bars(symbol, resolution).filter((bar) => {
      const t = isoInstantOrNaN(isRecord(bar) ? bar.t : undefined);
      return !Number.isFinite(t) || (t >= start && t <= end);
    });
    const limit = Math.min(Number(query.get('limit') ?? 1000) || 1000, 10_000);
    return barsPage(symbol, this.firstPage(bars, limit));
  }

  private actionsAnswer(query: URLSearchParams): ScriptedResponse {
    const symbols = (query.get('symbols') ?? '').toUpperCase().split(',');
    const groups = (query.get('types') ?? Object.keys(ACTION_GROUPS).join(','))
      .split(',')
      .map((type) => ACTION_GROUPS[type]);
    const start = query.get('start') ?? '';
    const end = query.get('end') ?? '';
    if (!DATE.test(start) || !DATE.test(end)) {
      return jsonAnswer(400, { message: 'invalid start or end' });
    }
    const rows = symbols
      .flatMap((symbol) => this.actions.get(symbol) ?? [])
      .filter(({ group, row }) => {
        const date = isRecord(row) ? row.process_date : undefined;
        const inRange = typeof date !== 'string' || (date >= start && date <= end);
        return groups.includes(group) && inRange;
      });
    const limit = Math.min(Number(query.get('limit') ?? 100) || 100, 1000);
    return actionsPage(this.firstPage(rows, limit));
  }

  protected wireBar(c: Candle, resolution: Resolution): unknown {
    const t = isIntraday(resolution) ? c.start : newYorkMinuteOn(c.start, 0);
    return {
      t: new Date(t).toISOString().replace('.000Z', 'Z'),
      o: c.open,
      h: c.high,
      l: c.low,
      c: c.close,
      v: c.volume ?? 0,
      n: 10,
      vw: (c.high + c.low + c.close) / 3,
    };
  }
}

function instant(text: string | null): number {
  return text !== null && RFC_3339.test(text) ? Date.parse(text) : NaN;
}

function barsPage(symbol: string, page: FakePage): ScriptedResponse {
  return jsonAnswer(200, {
    bars: page.rows.length > 0 ? page.rows : null,
    symbol: decodeURIComponent(symbol).toUpperCase(),
    next_page_token: page.token ?? null,
  });
}

function actionsPage(page: FakePage): ScriptedResponse {
  const groups: Record<string, unknown[]> = {};
  for (const { group, row } of page.rows as readonly GroupedAction[]) {
    (groups[group] ??= []).push(row);
  }
  return jsonAnswer(200, { corporate_actions: groups, next_page_token: page.token ?? null });
}
