import {
  corporateActionRows,
  UNREADABLE_DIVIDEND_AMOUNT,
  UNREADABLE_DIVIDEND_DATE,
  UNREADABLE_SPLIT_DATE,
  UNREADABLE_SPLIT_FACTORS,
} from './corporate-action-rows';

describe(corporateActionRows.name, () => {
  it('keys each event by 00:00Z of its ex-date, oldest first, reverse splits below 1', () => {
    const sut = corporateActionRows([
      { exDate: '2024-07-16', splitFrom: 3, splitTo: 1 },
      { exDate: '2020-08-31', splitFrom: 1, splitTo: 4 },
      { exDate: '2025-08-11', cash: 0.26 },
    ]);
    expect(sut.actions).toEqual([
      { date: Date.UTC(2020, 7, 31), splitFactor: 4 },
      { date: Date.UTC(2024, 6, 16), splitFactor: 1 / 3 },
      { date: Date.UTC(2025, 7, 11), divCash: 0.26 },
    ]);
    expect(sut.total).toBe(3);
    expect(sut.dropped.size).toBe(0);
  });

  it('reads an ex-date sent as that date at 00:00Z in full, and no other instant', () => {
    const sut = corporateActionRows([
      { exDate: '2024-06-11T00:00:00.000Z', cash: 0.01 },
      { exDate: '2024-06-10T00:00:00Z', splitFrom: 1, splitTo: 10 },
      { exDate: '2024-06-12T13:30:00.000Z', cash: 0.01 },
      { exDate: '2024-06-13T00:00:00', splitFrom: 1, splitTo: 2 },
    ]);
    expect(sut.actions).toEqual([
      { date: Date.UTC(2024, 5, 10), splitFactor: 10 },
      { date: Date.UTC(2024, 5, 11), divCash: 0.01 },
    ]);
    expect(Object.fromEntries(sut.dropped)).toEqual({
      [UNREADABLE_DIVIDEND_DATE]: 1,
      [UNREADABLE_SPLIT_DATE]: 1,
    });
  });

  it('makes one event of a split and a dividend on one ex-date, as a daily candle carries them', () => {
    const sut = corporateActionRows([
      { exDate: '2025-03-03', cash: 0.1 },
      { exDate: '2025-03-03', splitFrom: 1, splitTo: 2 },
      { exDate: '2025-03-03', cash: 0.25 },
    ]);
    expect(sut.actions).toEqual([{ date: Date.UTC(2025, 2, 3), splitFactor: 2, divCash: 0.35 }]);
  });

  it('drops and counts unreadable rows by reason', () => {
    const sut = corporateActionRows([
      { exDate: '2020/03/03', splitFrom: 1, splitTo: 2 },
      { exDate: '2020-03-04', splitFrom: 0, splitTo: 2 },
      { exDate: '2020-03-05', splitFrom: undefined, splitTo: 2 },
      { exDate: null, cash: 1 },
      { exDate: '2020-03-06', cash: '0.2' },
      { exDate: '2020-03-09', cash: -1 },
    ]);
    expect(sut.actions).toEqual([]);
    expect(Object.fromEntries(sut.dropped)).toEqual({
      [UNREADABLE_SPLIT_DATE]: 1,
      [UNREADABLE_SPLIT_FACTORS]: 2,
      [UNREADABLE_DIVIDEND_DATE]: 1,
      [UNREADABLE_DIVIDEND_AMOUNT]: 2,
    });
  });
});
