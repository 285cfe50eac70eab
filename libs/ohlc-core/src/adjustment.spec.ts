import { adjustCandles, AdjustmentFactors } from './adjustment';
import type { Candle } from './candle';
import { DAY_MS } from './resolution';

/** Monday 2025-06-02 (00:00Z, the daily key); `day(n)` is n calendar days later. */
const MONDAY = Date.UTC(2025, 5, 2);
const day = (n: number) => MONDAY + n * DAY_MS;
const bar = (n: number, close: number, volume: number, extra: Partial<Candle> = {}): Candle => ({
  start: day(n),
  open: close,
  high: close + 1,
  low: close - 1,
  close,
  volume,
  ...extra,
});
const closes = (candles: readonly Candle[]) => candles.map((c) => c.close);
const volumes = (candles: readonly Candle[]) => candles.map((c) => c.volume);

function expectClose(actual: readonly number[], expected: readonly number[], relative: number) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    expect(Math.abs(value - expected[i])).toBeLessThanOrEqual(relative * Math.abs(expected[i]));
  });
}

describe(adjustCandles.name, () => {
  describe('a 4-for-1 split', () => {
    // Closes near 400 before Thursday's split, near 100 from Thursday on.
    const daily = [
      bar(0, 400, 1_000),
      bar(1, 404, 1_100),
      bar(2, 398, 1_200),
      bar(3, 100.5, 5_000, { splitFactor: 4 }),
      bar(4, 101, 5_100),
    ];

    it('leaves raw prices alone: the cliff shows', () => {
      const sut = adjustCandles(daily, { adjustment: 'raw', daily });

      expect(sut).toEqual(daily);
      expect(closes(sut)).toEqual([400, 404, 398, 100.5, 101]);
    });

    it('divides pre-split prices by 4 and multiplies their volume by 4', () => {
      const sut = adjustCandles(daily, { adjustment: 'splits', daily });

      expectClose(closes(sut).slice(0, 3), [400 / 4, 404 / 4, 398 / 4], 1e-9);
      expect(closes(sut).slice(3)).toEqual([100.5, 101]);
      expect(volumes(sut)).toEqual([4_000, 4_400, 4_800, 5_000, 5_100]);
      expect(sut[1]).toMatchObject({ open: 101, high: 405 / 4, low: 403 / 4 });
    });

    it('gives intraday candles the factor of their session', () => {
      const fiveMinute = (n: number, close: number): Candle => ({
        start: day(n) + 14 * 3_600_000,
        open: close,
        high: close,
        low: close,
        close,
        volume: 10,
      });
      const sessionDateOf = (start: number) => start - (start % DAY_MS);

      const sut = adjustCandles([fiveMinute(2, 398), fiveMinute(3, 100)], {
        adjustment: 'splits',
        daily,
        sessionDateOf,
      });

      expect(closes(sut)).toEqual([99.5, 100]);
      expect(volumes(sut)).toEqual([40, 10]);
    });

    it('treats a 1-for-10 reverse split the same way', () => {
      const reverse = [bar(0, 2, 10_000), bar(1, 20.4, 1_000, { splitFactor: 0.1 })];

      const sut = adjustCandles(reverse, { adjustment: 'splits', daily: reverse });

      expectClose(closes(sut), [20, 20.4], 1e-9);
      expect(volumes(sut)).toEqual([1_000, 1_000]);
    });

    it('rounds adjusted volume to a whole share, halves up', () => {
      const reverse = [
        bar(0, 10, 200_001),
        bar(1, 10, 200_003),
        bar(2, 20, 100_000, { splitFactor: 0.5 }),
      ];

      const sut = adjustCandles(reverse, { adjustment: 'splits', daily: reverse });

      expect(volumes(sut)).toEqual([100_001, 100_002, 100_000]);
    });
  });

  describe('two dividends and a split', () => {
    /*
     * Worked by hand:
     * - Wednesday (day 2) goes ex a 1.005 dividend; Tuesday closed at 100.50,
     *   so earlier prices are multiplied by 1 - 1.005 / 100.5 = 0.99.
     * - Monday of the next week (day 7) splits 2-for-1: earlier prices × 0.5,
     *   earlier volume × 2.
     * - Wednesday (day 9) goes ex a 0.51 dividend; Tuesday closed at 102.00,
     *   so earlier prices are multiplied by 1 - 0.51 / 102 = 0.995.
     * Cumulative price factors, newest first: days 9-10: 1; days 7-8: 0.995;
     * days 2-4: 0.995 × 0.5 = 0.4975; days 0-1: 0.4975 × 0.99 = 0.492525.
     */
    const daily = [
      bar(0, 100, 1_000),
      bar(1, 100.5, 1_000),
      bar(2, 99.6, 1_000, { divCash: 1.005 }),
      bar(4, 200, 1_000),
      bar(7, 101, 2_000, { splitFactor: 2 }),
      bar(8, 102, 2_000),
      bar(9, 101.8, 2_000, { divCash: 0.51 }),
      bar(10, 102.4, 2_000),
    ];

    it('adjusts for splits and dividends with `all`', () => {
      const sut = adjustCandles(daily, { adjustment: 'all', daily });

      expectClose(
        closes(sut),
        [49.2525, 49.4987625, 49.551, 99.5, 100.495, 101.49, 101.8, 102.4],
        1e-9,
      );
      expect(volumes(sut)).toEqual([2_000, 2_000, 2_000, 2_000, 2_000, 2_000, 2_000, 2_000]);
    });

    it('ignores the dividends with `splits`', () => {
      const sut = adjustCandles(daily, { adjustment: 'splits', daily });

      expectClose(closes(sut), [50, 50.25, 49.8, 100, 101, 102, 101.8, 102.4], 1e-9);
    });

    it('takes events from elsewhere (a split endpoint) when given', () => {
      const withoutSplitColumn = daily.map(({ splitFactor: _, ...c }) => c);

      const sut = adjustCandles(withoutSplitColumn, {
        adjustment: 'splits',
        daily: withoutSplitColumn,
        events: [{ date: day(7), splitFactor: 2 }],
      });

      expectClose(closes(sut), [50, 50.25, 49.8, 100, 101, 102, 101.8, 102.4], 1e-9);
    });

    it('changes the view, not the input, when a new split appears', () => {
      const stored = daily.map((c) => ({ ...c }));
      const newSplit = [...stored, bar(11, 51.3, 4_000, { splitFactor: 2 })];

      const sut = adjustCandles(stored, { adjustment: 'all', daily: newSplit });

      expectClose(
        closes(sut),
        [24.62625, 24.74938125, 24.7755, 49.75, 50.2475, 50.745, 50.9, 51.2],
        1e-9,
      );
      expect(stored).toEqual(daily);
    });

    it('needs the close before a dividend only for sessions before it', () => {
      const fromWednesday = daily.slice(2);

      expect(adjustCandles(fromWednesday, { adjustment: 'all', daily: fromWednesday })).toEqual(
        adjustCandles(daily, { adjustment: 'all', daily }).slice(2),
      );
      expect(() =>
        adjustCandles(daily.slice(0, 2), { adjustment: 'all', daily: fromWednesday }),
      ).toThrow('needs the close of the session before the dividend of 2025-06-04');
    });
  });

  it('rejects a dividend at or above the previous close', () => {
    const daily = [bar(0, 10, 1), bar(1, 0.5, 1, { divCash: 10 })];

    expect(() => AdjustmentFactors.of('all', daily)).toThrow(RangeError);
  });

  it('keeps a candle without volume without volume', () => {
    const daily = [bar(0, 400, 1), bar(1, 100, 1, { splitFactor: 4 })];
    const noVolume: Candle = { start: day(0), open: 400, high: 401, low: 399, close: 400 };

    const [sut] = adjustCandles([noVolume], { adjustment: 'splits', daily });

    expect(sut).not.toHaveProperty('volume');
    expect(sut.close).toBe(100);
  });
});
