import { checkedSpans } from './missing-spans';

const MIN = 60_000;

describe(checkedSpans.name, () => {
  // Unsettled candles from 10:00 to 10:05, the 10:05 one forming (minutes as epoch ms).
  const ctx = {
    final: 600 * MIN,
    formingFrom: 605 * MIN,
    checksSince: { unsettled: 590 * MIN, forming: 607 * MIN + 1 },
  };
  const span = { from: 600 * MIN, to: 610 * MIN };

  it('counts a recent check for the unsettled candles closed when it was made', () => {
    const check = { span, closedUntil: 605 * MIN, at: 606 * MIN };
    expect(checkedSpans(ctx, [check])).toEqual([{ from: 600 * MIN, to: 605 * MIN }]);
  });

  it('does not count a check made while those candles were still forming', () => {
    const check = { span, closedUntil: 600 * MIN, at: 604 * MIN };
    expect(checkedSpans(ctx, [check])).toEqual([]);
  });

  it('counts a check for the forming candle only since its own threshold', () => {
    const check = { span, closedUntil: 605 * MIN, at: 607 * MIN };
    const relaxed = { ...ctx, checksSince: { ...ctx.checksSince, forming: 600 * MIN } };
    expect(checkedSpans(ctx, [check])).toEqual([{ from: 600 * MIN, to: 605 * MIN }]);
    expect(checkedSpans(relaxed, [check])).toEqual([
      { from: 600 * MIN, to: 605 * MIN },
      { from: 605 * MIN, to: 610 * MIN },
    ]);
  });

  it('counts nothing older than the unsettled window', () => {
    const check = { span, closedUntil: 605 * MIN, at: 589 * MIN };
    expect(checkedSpans(ctx, [check])).toEqual([]);
  });
});
