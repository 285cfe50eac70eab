import { clipIntervals, contains, isEmpty, mergeIntervals, subtractIntervals } from './interval';

const at = (iso: string): number => Date.parse(iso);

describe('isEmpty', () => {
  it('is true when the interval holds no instant', () => {
    expect(isEmpty({ from: 5, to: 5 })).toBe(true);
    expect(isEmpty({ from: 6, to: 5 })).toBe(true);
  });

  it('is false for a one-instant interval', () => {
    expect(isEmpty({ from: 5, to: 6 })).toBe(false);
  });
});

describe('contains', () => {
  it('includes the start and excludes the end', () => {
    const sut = { from: 10, to: 20 };

    expect(contains(sut, 9)).toBe(false);
    expect(contains(sut, 10)).toBe(true);
    expect(contains(sut, 19)).toBe(true);
    expect(contains(sut, 20)).toBe(false);
  });

  it('holds nothing when empty', () => {
    expect(contains({ from: 10, to: 10 }, 10)).toBe(false);
  });

  it('gives an instant on a candle boundary to the candle starting there', () => {
    const first = { from: at('2025-12-08T14:30:00Z'), to: at('2025-12-08T14:35:00Z') };
    const second = { from: at('2025-12-08T14:35:00Z'), to: at('2025-12-08T14:40:00Z') };

    expect(contains(first, at('2025-12-08T14:34:59.999Z'))).toBe(true);
    expect(contains(first, at('2025-12-08T14:35:00Z'))).toBe(false);
    expect(contains(second, at('2025-12-08T14:35:00Z'))).toBe(true);
  });
});

describe('mergeIntervals', () => {
  it('returns nothing for nothing', () => {
    expect(mergeIntervals([])).toEqual([]);
  });

  it('joins touching intervals, since [0, 10) and [10, 20) leave no instant out', () => {
    expect(
      mergeIntervals([
        { from: 0, to: 10 },
        { from: 10, to: 20 },
      ]),
    ).toEqual([{ from: 0, to: 20 }]);
  });

  it('keeps intervals apart when one instant separates them', () => {
    expect(
      mergeIntervals([
        { from: 0, to: 10 },
        { from: 11, to: 20 },
      ]),
    ).toEqual([
      { from: 0, to: 10 },
      { from: 11, to: 20 },
    ]);
  });

  it('joins overlapping intervals and swallows contained ones', () => {
    expect(
      mergeIntervals([
        { from: 0, to: 10 },
        { from: 5, to: 20 },
        { from: 6, to: 8 },
      ]),
    ).toEqual([{ from: 0, to: 20 }]);
  });

  it('sorts unsorted input', () => {
    expect(
      mergeIntervals([
        { from: 30, to: 40 },
        { from: 5, to: 15 },
        { from: 0, to: 10 },
      ]),
    ).toEqual([
      { from: 0, to: 15 },
      { from: 30, to: 40 },
    ]);
  });

  it('drops empty and negative intervals', () => {
    expect(
      mergeIntervals([
        { from: 5, to: 5 },
        { from: 20, to: 30 },
        { from: 10, to: 3 },
      ]),
    ).toEqual([{ from: 20, to: 30 }]);
  });

  it('does not bridge a gap with an empty interval inside it', () => {
    expect(
      mergeIntervals([
        { from: 0, to: 10 },
        { from: 15, to: 15 },
        { from: 20, to: 30 },
      ]),
    ).toEqual([
      { from: 0, to: 10 },
      { from: 20, to: 30 },
    ]);
  });

  it('leaves its input as it was', () => {
    const input = [
      { from: 30, to: 40 },
      { from: 0, to: 10 },
      { from: 10, to: 20 },
    ];
    const copy = structuredClone(input);

    mergeIntervals(input);

    expect(input).toEqual(copy);
  });

  it('joins the trading days of a week written by separate fetches', () => {
    expect(
      mergeIntervals([
        { from: at('2025-12-09T00:00:00Z'), to: at('2025-12-10T00:00:00Z') },
        { from: at('2025-12-08T00:00:00Z'), to: at('2025-12-09T00:00:00Z') },
        { from: at('2025-12-11T00:00:00Z'), to: at('2025-12-13T00:00:00Z') },
      ]),
    ).toEqual([
      { from: at('2025-12-08T00:00:00Z'), to: at('2025-12-10T00:00:00Z') },
      { from: at('2025-12-11T00:00:00Z'), to: at('2025-12-13T00:00:00Z') },
    ]);
  });
});

describe('subtractIntervals', () => {
  const range = { from: 10, to: 50 };

  it('returns the whole range when nothing is covered', () => {
    expect(subtractIntervals(range, [])).toEqual([range]);
  });

  it('ignores covered pieces that end before the range, including one ending at its start', () => {
    expect(
      subtractIntervals(range, [
        { from: 0, to: 5 },
        { from: 5, to: 10 },
      ]),
    ).toEqual([range]);
  });

  it('ignores covered pieces that start after the range, including one starting at its end', () => {
    expect(
      subtractIntervals(range, [
        { from: 50, to: 60 },
        { from: 70, to: 80 },
      ]),
    ).toEqual([range]);
  });

  it('returns nothing when one piece spans the range', () => {
    expect(subtractIntervals(range, [{ from: 0, to: 100 }])).toEqual([]);
  });

  it('returns nothing when the pieces cover the range exactly, touching', () => {
    expect(
      subtractIntervals(range, [
        { from: 10, to: 30 },
        { from: 30, to: 50 },
      ]),
    ).toEqual([]);
  });

  it('splits around a piece inside the range', () => {
    expect(subtractIntervals(range, [{ from: 20, to: 30 }])).toEqual([
      { from: 10, to: 20 },
      { from: 30, to: 50 },
    ]);
  });

  it('keeps the tail when a piece overlaps the start', () => {
    expect(subtractIntervals(range, [{ from: 0, to: 20 }])).toEqual([{ from: 20, to: 50 }]);
  });

  it('keeps the head when a piece overlaps the end', () => {
    expect(subtractIntervals(range, [{ from: 40, to: 60 }])).toEqual([{ from: 10, to: 40 }]);
  });

  it('finds gaps at both ends and between pieces', () => {
    expect(
      subtractIntervals(range, [
        { from: 20, to: 30 },
        { from: 35, to: 40 },
      ]),
    ).toEqual([
      { from: 10, to: 20 },
      { from: 30, to: 35 },
      { from: 40, to: 50 },
    ]);
  });

  it('finds a one-instant gap', () => {
    expect(
      subtractIntervals(range, [
        { from: 10, to: 29 },
        { from: 30, to: 50 },
      ]),
    ).toEqual([{ from: 29, to: 30 }]);
  });

  it('accepts unsorted, overlapping covered pieces', () => {
    expect(
      subtractIntervals(range, [
        { from: 30, to: 60 },
        { from: 0, to: 25 },
        { from: 20, to: 28 },
      ]),
    ).toEqual([{ from: 28, to: 30 }]);
  });

  it('treats empty covered pieces as covering nothing', () => {
    expect(
      subtractIntervals(range, [
        { from: 20, to: 20 },
        { from: 40, to: 30 },
      ]),
    ).toEqual([range]);
  });

  it('returns nothing for an empty range', () => {
    expect(subtractIntervals({ from: 10, to: 10 }, [])).toEqual([]);
  });

  it('finds the hour a five-minute chart is missing', () => {
    const chart = { from: at('2025-12-08T14:30:00Z'), to: at('2025-12-08T16:30:00Z') };

    expect(
      subtractIntervals(chart, [
        { from: at('2025-12-08T16:00:00Z'), to: at('2025-12-08T16:30:00Z') },
        { from: at('2025-12-08T14:30:00Z'), to: at('2025-12-08T15:00:00Z') },
      ]),
    ).toEqual([{ from: at('2025-12-08T15:00:00Z'), to: at('2025-12-08T16:00:00Z') }]);
  });
});

describe('clipIntervals', () => {
  const range = { from: 5, to: 45 };

  it('cuts each interval to the range', () => {
    expect(
      clipIntervals(
        [
          { from: 0, to: 10 },
          { from: 20, to: 30 },
          { from: 40, to: 50 },
        ],
        range,
      ),
    ).toEqual([
      { from: 5, to: 10 },
      { from: 20, to: 30 },
      { from: 40, to: 45 },
    ]);
  });

  it('drops the pieces left empty, including those only touching the range', () => {
    expect(
      clipIntervals(
        [
          { from: 0, to: 5 },
          { from: 45, to: 60 },
          { from: 70, to: 80 },
        ],
        range,
      ),
    ).toEqual([]);
  });

  it('drops intervals that were empty to begin with', () => {
    expect(
      clipIntervals(
        [
          { from: 10, to: 10 },
          { from: 30, to: 20 },
        ],
        range,
      ),
    ).toEqual([]);
  });

  it('cuts an interval spanning the range to the range', () => {
    expect(clipIntervals([{ from: 0, to: 100 }], range)).toEqual([range]);
  });

  it('cuts a stored day to the part a chart asks for', () => {
    const day = { from: at('2025-12-08T14:30:00Z'), to: at('2025-12-08T21:00:00Z') };
    const chart = { from: at('2025-12-08T20:00:00Z'), to: at('2025-12-09T15:00:00Z') };

    expect(clipIntervals([day], chart)).toEqual([
      { from: at('2025-12-08T20:00:00Z'), to: at('2025-12-08T21:00:00Z') },
    ]);
  });
});
