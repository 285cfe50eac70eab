import type { BudgetWindow } from './rate-limit/budget-window';
import type { Adjustment, Candle, CorporateAction, Interval, Resolution } from '@app/ohlc-core';
import type { FetchCostModel } from './fetch-cost';
import type { ReverificationPolicy } from './settlement/reverification-policy';
import type { SettlementPolicy } from './settlement/settlement-policy';

/**
 * What a candle's `volume` counts: `consolidated` is every US venue's trades
 * (what a chart usually shows); `exchange-only` is one venue's (Tiingo's
 * intraday IEX bars count IEX trades only, a few percent of the total).
 */
export type VolumeScope = 'consolidated' | 'exchange-only';

/** What a corporate-actions feed answered for one ticker and range. */
export interface CorporateActionsAnswer {
  /** Splits and cash dividends with an ex-date in the range, one per date, oldest first. */
  readonly actions: CorporateAction[];
  /**
   * Which kinds the answer is complete for: false for a kind whose feed the
   * key's plan refuses (its actions are then unknown, not absent).
   */
  readonly covers: { readonly splits: boolean; readonly dividends: boolean };
}

/** What a provider's start-up access check found. */
export interface ProviderAccess {
  /** Resolutions the configured key's plan refuses; [] when every served one is available. */
  readonly denied: readonly Resolution[];
  /** Why they are refused, fit for one start-up log line; absent when nothing is denied. */
  readonly reason?: string;
}

/**
 * The seam between the cache and an upstream market-data source. Other Nest
 * apps bind their own implementation to the `OhlcProvider` token.
 */
export interface OhlcProvider {
  /** Written into the response `source` and the L2 partition key (`AAPL#<name>`). */
  readonly name: string;
  readonly resolutions: readonly Resolution[];
  /** What a call and a row cost against this provider's limits; `DEFAULT_FETCH_COST` when absent. */
  readonly fetchCost?: FetchCostModel;
  /**
   * The client-side budget the provider's calls are held to (requests per
   * window), for the cache to share it among its clients. Absent: unbounded.
   */
  readonly budget?: readonly BudgetWindow[];
  /**
   * When closed candles may be trusted as final (units in `SettlementPolicy`;
   * compute the instant with `settledAt`). Absent: as soon as they close.
   */
  readonly settlement?: SettlementPolicy;
  /**
   * When final candles are asked for again, to pick up what upstream revised
   * after settlement (units in `ReverificationPolicy`). Absent: never (a
   * provider whose data cannot change, such as the demo one).
   */
  readonly reverification?: ReverificationPolicy;
  /**
   * What `volume` counts, per resolution (e.g. for a `volume_scope` response
   * field). Absent, or a resolution missing: the provider does not say.
   */
  readonly volumeScope?: Readonly<Partial<Record<Resolution, VolumeScope>>>;
  /**
   * What the served prices already include, per resolution: `raw` as traded,
   * `splits` when upstream adjusts for splits itself (Finnhub's daily
   * candles); applying the same events again would adjust twice. Absent, or
   * a resolution missing: `raw`.
   */
  readonly priceAdjustment?: Readonly<Partial<Record<Resolution, Adjustment>>>;
  /**
   * Candles whose start lies in `range` (`[from, to)`, epoch ms; for `D` the
   * bounds are 00:00Z of trading dates), oldest first, already validated.
   * An empty array means upstream has nothing there (weekend, holiday,
   * halt); failures are thrown as domain errors from `@app/ohlc-core`.
   */
  fetchCandles(
    ticker: string,
    resolution: Resolution,
    range: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]>;
  /**
   * Splits and dividends with an ex-date in `range` (00:00Z date keys,
   * `[from, to)`), including those announced for dates still to come, from
   * the provider's corporate-actions feed. A kind whose feed the plan refuses
   * is reported in `covers`, not thrown; other failures as for `fetchCandles`.
   * Absent on providers without such a feed (their daily rows may still carry
   * the actions: Tiingo's `splitFactor`, `divCash`).
   */
  fetchCorporateActions?(
    ticker: string,
    range: Interval,
    signal?: AbortSignal,
  ): Promise<CorporateActionsAnswer>;
  /**
   * One cheap upstream call, meant for start-up, telling which resolutions
   * the configured key's plan refuses. Other failures (a rejected key, an
   * unreachable upstream) are thrown as domain errors.
   */
  checkAccess?(signal?: AbortSignal): Promise<ProviderAccess>;
}
export const OhlcProvider = Symbol('OhlcProvider');
