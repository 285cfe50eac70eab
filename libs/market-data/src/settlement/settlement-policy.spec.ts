import { IMMEDIATE_SETTLEMENT, settledAt, settlementPolicy } from './settlement-policy';

const at = (iso: string) => Date.parse(iso);
/** 20:00 ET on the session date, 5 minutes after an intraday bar. */
const POLICY = { dailyNewYorkMinute: 20 * 60, intradayDelayMs: 5 * 60_000 };

describe(settledAt.name, () => {
  it('settles a daily candle at 20:00 New York on its session date (EDT)', () => {
    const sut = settledAt(POLICY, 'D', at('2025-06-02T00:00:00Z'), at('2025-06-02T20:00:00Z'));

    expect(sut).toBe(at('2025-06-03T00:00:00Z'));
  });

  it('follows the New York clock in winter (EST) and on an early close', () => {
    const christmasEve = at('2025-12-24T00:00:00Z');

    expect(settledAt(POLICY, 'D', christmasEve, at('2025-12-24T18:00:00Z'))).toBe(
      at('2025-12-25T01:00:00Z'),
    );
  });

  it('never settles a daily candle before its session closes', () => {
    const early = { ...POLICY, dailyNewYorkMinute: 9 * 60 };

    expect(settledAt(early, 'D', at('2025-06-02T00:00:00Z'), at('2025-06-02T20:00:00Z'))).toBe(
      at('2025-06-02T20:00:00Z'),
    );
  });

  it('settles an intraday candle the delay after its end', () => {
    const end = at('2025-06-02T14:00:00Z');

    expect(settledAt(POLICY, '30', at('2025-06-02T13:30:00Z'), end)).toBe(end + 5 * 60_000);
  });

  it('settles at the end without a policy or with the immediate one', () => {
    const end = at('2025-06-02T20:00:00Z');

    expect(settledAt(undefined, 'D', at('2025-06-02T00:00:00Z'), end)).toBe(end);
    expect(settledAt(IMMEDIATE_SETTLEMENT, 'D', at('2025-06-02T00:00:00Z'), end)).toBe(end);
    expect(settledAt(IMMEDIATE_SETTLEMENT, '1', end - 60_000, end)).toBe(end);
  });
});

describe(settlementPolicy.name, () => {
  it('overrides the defaults field by field', () => {
    expect(settlementPolicy(POLICY, { intradayDelayMs: 0 })).toEqual({
      dailyNewYorkMinute: 1200,
      intradayDelayMs: 0,
    });
    expect(settlementPolicy(POLICY)).toEqual(POLICY);
  });

  it.each([{ intradayDelayMs: -1 }, { dailyNewYorkMinute: 19.5 }, { intradayDelayMs: NaN }])(
    'rejects %p',
    (configured) => {
      expect(() => settlementPolicy(POLICY, configured)).toThrow(RangeError);
    },
  );
});
