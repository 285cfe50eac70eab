import { ProviderUnavailableError } from '@app/ohlc-core';
import { pageFromAlpaca } from './alpaca-wire';

describe(pageFromAlpaca.name, () => {
  it('maps an RFC 3339 bar onto a candle, dropping vw and n', () => {
    const sut = pageFromAlpaca(
      {
        symbol: 'AAPL',
        bars: [{ t: '2025-06-02T13:30:00Z', o: 1, h: 2, l: 0.5, c: 1.5, v: 100, n: 7, vw: 1.2 }],
        next_page_token: 'QUFQTHxN',
      },
      'alpaca',
      'GET bars',
    );
    expect(sut.candles).toEqual([
      { start: Date.UTC(2025, 5, 2, 13, 30), open: 1, high: 2, low: 0.5, close: 1.5, volume: 100 },
    ]);
    expect(sut.nextPageToken).toBe('QUFQTHxN');
  });

  it('reads null bars and a null token as an empty last page', () => {
    expect(
      pageFromAlpaca({ symbol: 'AAPL', bars: null, next_page_token: null }, 'alpaca', 'x'),
    ).toEqual({ candles: [] });
  });

  it('turns a malformed bar into NaN fields for the validator to drop', () => {
    const [candle] = pageFromAlpaca({ bars: [{ t: 5, o: 1 }] }, 'alpaca', 'x').candles;
    expect(candle.start).toBeNaN();
    expect(candle.close).toBeNaN();
  });

  it('refuses a body of the wrong shape', () => {
    expect(() => pageFromAlpaca('no', 'alpaca', 'x')).toThrow(ProviderUnavailableError);
    expect(() => pageFromAlpaca({ bars: 3 }, 'alpaca', 'x')).toThrow(ProviderUnavailableError);
  });
});
