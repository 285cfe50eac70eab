import { ProviderUnavailableError } from '@app/ohlc-core';
import { barsPageFromAlpaca, corporateActionsPageFromAlpaca } from './alpaca-wire';

describe(barsPageFromAlpaca.name, () => {
  it('maps an RFC 3339 bar onto a candle, dropping vw and n', () => {
    const sut = barsPageFromAlpaca(
      {
        symbol: 'AAPL',
        bars: [{ t: '2025-06-02T13:30:00Z', o: 1, h: 2, l: 0.5, c: 1.5, v: 100, n: 7, vw: 1.2 }],
        next_page_token: 'QUFQTHxN',
      },
      '5',
      'alpaca',
      'GET bars',
    );
    expect(sut.candles).toEqual([
      { start: Date.UTC(2025, 5, 2, 13, 30), open: 1, high: 2, low: 0.5, close: 1.5, volume: 100 },
    ]);
    expect(sut.next).toBe('QUFQTHxN');
  });

  it('keys a daily bar (t at the New York midnight, the FAQ\'s "2023-09-29T04:00:00Z") by 00:00Z of its date', () => {
    const { candles } = barsPageFromAlpaca(
      { bars: [{ t: '2023-09-29T04:00:00Z', o: 1, h: 1, l: 1, c: 1, v: 9 }] },
      'D',
      'alpaca',
      'x',
    );
    expect(candles[0].start).toBe(Date.UTC(2023, 8, 29));
  });

  it('reads null bars and a null token as an empty last page', () => {
    expect(
      barsPageFromAlpaca({ symbol: 'AAPL', bars: null, next_page_token: null }, '5', 'alpaca', 'x'),
    ).toEqual({ candles: [] });
  });

  it('turns a malformed bar into NaN fields for the validator to drop', () => {
    const [candle] = barsPageFromAlpaca({ bars: [{ t: 5, o: 1 }] }, '5', 'alpaca', 'x').candles;
    expect(candle.start).toBeNaN();
    expect(candle.close).toBeNaN();
  });

  it('refuses a body of the wrong shape', () => {
    expect(() => barsPageFromAlpaca('no', '5', 'alpaca', 'x')).toThrow(ProviderUnavailableError);
    expect(() => barsPageFromAlpaca({ bars: 3 }, '5', 'alpaca', 'x')).toThrow(
      ProviderUnavailableError,
    );
  });
});

describe(corporateActionsPageFromAlpaca.name, () => {
  it('reads forward and reverse splits by old and new rate, cash dividends by rate', () => {
    const sut = corporateActionsPageFromAlpaca(
      {
        corporate_actions: {
          forward_splits: [
            {
              symbol: 'NVDX',
              ex_date: '2024-07-16',
              new_rate: 10,
              old_rate: 1,
              process_date: '2024-07-16',
            },
          ],
          reverse_splits: [{ symbol: 'NVDQ', ex_date: '2024-07-16', new_rate: 1, old_rate: 3 }],
          cash_dividends: [
            { symbol: 'AAPL', ex_date: '2025-08-11', rate: 0.26, special: false, foreign: false },
          ],
        },
        next_page_token: null,
      },
      'alpaca',
      'x',
    );
    expect(sut).toEqual({
      rows: [
        { exDate: '2024-07-16', splitFrom: 1, splitTo: 10 },
        { exDate: '2024-07-16', splitFrom: 3, splitTo: 1 },
        { exDate: '2025-08-11', cash: 0.26 },
      ],
    });
  });

  it('reads no groups as no events, and refuses a body of the wrong shape', () => {
    expect(corporateActionsPageFromAlpaca({ corporate_actions: {} }, 'alpaca', 'x')).toEqual({
      rows: [],
    });
    expect(() =>
      corporateActionsPageFromAlpaca({ corporate_actions: { cash_dividends: 1 } }, 'alpaca', 'x'),
    ).toThrow(ProviderUnavailableError);
  });
});
