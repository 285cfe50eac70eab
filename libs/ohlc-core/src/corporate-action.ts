/**
 * A split or cash dividend as an upstream reports it: Tiingo on its daily rows
 * (`splitFactor`, `divCash`), Finnhub through its split endpoint.
 */
export interface CorporateAction {
  /** 00:00Z of the ex-date: the first session that trades without it (the daily candle key). */
  readonly date: number;
  /** New shares per old share (4 for a 4-for-1 split, 0.1 for a 1-for-10); absent or 1: no split. */
  readonly splitFactor?: number;
  /** Cash per share going ex on `date`, in the quote currency; absent or 0: no dividend. */
  readonly divCash?: number;
}

/** The corporate actions carried by daily candles (rows without a split or dividend are left out), oldest first. */
export function corporateActionsOf(
  daily: readonly {
    readonly start: number;
    readonly splitFactor?: number;
    readonly divCash?: number;
  }[],
): CorporateAction[] {
  return daily
    .filter((c) => (c.splitFactor ?? 1) !== 1 || (c.divCash ?? 0) !== 0)
    .map(({ start, splitFactor, divCash }) => ({
      date: start,
      ...(splitFactor !== undefined && splitFactor !== 1 && { splitFactor }),
      ...(divCash !== undefined && divCash !== 0 && { divCash }),
    }))
    .sort((a, b) => a.date - b.date);
}
