import type { Candle } from './candle';
import { type CorporateAction, corporateActionsOf } from './corporate-action';
import { toIsoDate } from './iso';

/** The price views a series can be read in; stored candles are always `raw`. */
export const ADJUSTMENTS = ['raw', 'splits', 'all'] as const;
/** `raw` as traded; `splits` adjusted for splits; `all` for splits and cash dividends. */
export type Adjustment = (typeof ADJUSTMENTS)[number];

/** What one candle's prices and volume are multiplied by. */
export interface AdjustmentFactor {
  readonly price: number;
  readonly volume: number;
}

const NONE: AdjustmentFactor = { price: 1, volume: 1 };

interface Step {
  /** 00:00Z of the ex-date; candles of earlier sessions carry the factor. */
  readonly date: number;
  /** The product of this event's factor and every later one's. */
  readonly cumulative: AdjustmentFactor;
  /** Ex-date of the nearest dividend (this one or later) whose previous close is unknown. */
  readonly unresolved?: number;
}

/**
 * CRSP-style backward adjustment factors for one series (the method Tiingo
 * documents for its adjusted columns). An event on ex-date D changes every
 * session before D and nothing from D on:
 * - a split of k divides prices by k and multiplies volume by k;
 * - a cash dividend d multiplies prices by `1 - d / C`, where C is the raw
 *   close of the last session before D (taken from the daily candles given).
 *
 * Factors are computed from raw prices and the events at read time, so a new
 * event changes the factors, never the stored candles.
 */
export class AdjustmentFactors {
  private constructor(private readonly steps: readonly Step[]) {}

  /**
   * @param daily raw daily candles, oldest first; they supply the previous
   *   closes and, unless `events` is given, the events (`splitFactor`, `divCash`).
   * @param events each split or dividend once; default the ones `daily` carries.
   */
  static of(
    adjustment: Adjustment,
    daily: readonly Candle[],
    events: readonly CorporateAction[] = corporateActionsOf(daily),
  ): AdjustmentFactors {
    if (adjustment === 'raw') return new AdjustmentFactors([]);
    const sorted = [...events].sort((a, b) => a.date - b.date);
    const steps: Step[] = [];
    let later: Step | undefined;
    for (let i = sorted.length - 1; i >= 0; i--) {
      const event = sorted[i];
      const split = event.splitFactor ?? 1;
      const dividend = adjustment === 'all' ? (event.divCash ?? 0) : 0;
      const previousClose = dividend > 0 ? closeBefore(daily, event.date) : undefined;
      const dividendFactor = previousClose === undefined ? 1 : 1 - dividend / previousClose;
      if (!(dividendFactor > 0)) {
        throw new RangeError(
          `The dividend of ${dividend} on ${toIsoDate(event.date)} is not below the previous close ${previousClose}`,
        );
      }
      const own = { price: dividendFactor / split, volume: split };
      const cumulative = later
        ? {
            price: own.price * later.cumulative.price,
            volume: own.volume * later.cumulative.volume,
          }
        : own;
      const missing = dividend > 0 && previousClose === undefined;
      later = {
        date: event.date,
        cumulative,
        unresolved: missing ? event.date : later?.unresolved,
      };
      steps.unshift(later);
    }
    return new AdjustmentFactors(steps);
  }

  /**
   * The factor for candles of the session dated `sessionDate` (00:00Z).
   * Throws RangeError when a later dividend's previous close was not among
   * the daily candles: the factor cannot be known without it.
   */
  at(sessionDate: number): AdjustmentFactor {
    const step = this.steps.find((s) => s.date > sessionDate);
    if (!step) return NONE;
    if (step.unresolved !== undefined) {
      throw new RangeError(
        `Adjusting ${toIsoDate(sessionDate)} needs the close of the session before ` +
          `the dividend of ${toIsoDate(step.unresolved)}; include it in the daily candles`,
      );
    }
    return step.cumulative;
  }
}

export interface AdjustCandlesOptions {
  readonly adjustment: Adjustment;
  /** Raw daily candles from the first adjusted session to the newest one known, oldest first. */
  readonly daily: readonly Candle[];
  /** Every split and dividend, each once; default the ones `daily` carries. */
  readonly events?: readonly CorporateAction[];
  /**
   * 00:00Z of the session date a candle starting at `start` belongs to.
   * Default: `start` itself (daily candles). For intraday candles pass the
   * New York date (`MarketHoursService.nyDateStartUtc`): a candle uses the
   * factors of its session.
   */
  readonly sessionDateOf?: (start: number) => number;
}

/**
 * `candles` in the requested view: prices and volume multiplied by their
 * session's factor. Adjusted volume is rounded to the nearest whole share
 * (halves up): a count of shares is whole, and a reverse split's factor
 * below 1 would otherwise leave 100 000.5 of them. Prices are not rounded.
 */
export function adjustCandles<T extends Candle>(
  candles: readonly T[],
  options: AdjustCandlesOptions,
): T[] {
  if (options.adjustment === 'raw') return [...candles];
  const factors = AdjustmentFactors.of(options.adjustment, options.daily, options.events);
  const sessionDateOf = options.sessionDateOf ?? ((start: number) => start);
  return candles.map((c) => {
    const { price, volume } = factors.at(sessionDateOf(c.start));
    if (price === 1 && volume === 1) return c;
    return {
      ...c,
      open: c.open * price,
      high: c.high * price,
      low: c.low * price,
      close: c.close * price,
      ...(c.volume !== undefined && { volume: Math.round(c.volume * volume) }),
    };
  });
}

/** Raw close of the last daily candle before `date`, if the list reaches back that far. */
function closeBefore(daily: readonly Candle[], date: number): number | undefined {
  let close: number | undefined;
  for (const c of daily) {
    if (c.start >= date) break;
    close = c.close;
  }
  return close;
}
