import { corporateActionsOf } from './corporate-action';

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
