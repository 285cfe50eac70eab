import type { Candle } from './candle';
import { combineCorporateActions, corporateActionsOf, unadjustSplits } from './corporate-action';

const D = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const row = (iso: string, extra: { splitFactor?: number; divCash?: number } = {}) => ({
  start: D(iso),
  ...extra,
});

describe(corporateActionsOf.name, () => {
  it('keeps only the rows with a split or a dividend, oldest first, without neutral fields', () => {
    const sut = corporateActionsOf([
      row('2025-06-05', { splitFactor: 1, divCash: 0.25 }),
      row('2025-06-02', { splitFactor: 1, divCash: 0 }),
      row('2025-06-03'),
      row('2025-06-04', { splitFactor: 4, divCash: 0 }),
    ]);

    expect(sut).toEqual([
      { date: D('2025-06-04'), splitFactor: 4 },
      { date: D('2025-06-05'), divCash: 0.25 },
    ]);
  });
});

describe(combineCorporateActions.name, () => {
  it('makes one action per date, oldest first, the later list winning field by field', () => {
    const sut = combineCorporateActions(
      [
        { date: D('2024-06-10'), splitFactor: 10 },
        { date: D('2024-06-11'), divCash: 0.01 },
      ],
      [
        { date: D('2024-06-11'), divCash: 0.1 },
        { date: D('2024-06-10'), divCash: 0.5 },
        { date: D('2024-03-05'), divCash: 0.04 },
      ],
    );

    expect(sut).toEqual([
      { date: D('2024-03-05'), divCash: 0.04 },
      { date: D('2024-06-10'), splitFactor: 10, divCash: 0.5 },
      { date: D('2024-06-11'), divCash: 0.1 },
    ]);
  });
});

describe(unadjustSplits.name, () => {
  const bar = (iso: string, close: number, fetchedAt: string): Candle & { fetchedAt: number } => ({
    start: D(iso),
    open: close,
    high: close,
    low: close,
    close,
    volume: 1_000,
    fetchedAt: D(fetchedAt),
  });
  const split = { date: D('2024-06-10'), splitFactor: 10 };
  const unadjust = (candles: ReturnType<typeof bar>[]) =>
    unadjustSplits(
      candles,
      [split, { date: D('2024-06-12'), divCash: 0.01 }],
      (start) => start,
      (c) => c.fetchedAt,
    );

  it('undoes a split the upstream had applied when the copy was fetched', () => {
    const [sut] = unadjust([bar('2024-06-07', 120, '2024-06-11')]);

    expect(sut).toMatchObject({ close: 1200, volume: 100 });
  });

  it('leaves copies fetched before the ex-date, and sessions from it on, as they are', () => {
    const before = bar('2024-06-07', 1200, '2024-06-08');
    const after = bar('2024-06-10', 121, '2024-06-11');

    expect(unadjust([before, after])).toEqual([before, after]);
  });
});
