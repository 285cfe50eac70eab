import { ProviderUnavailableError } from '@app/ohlc-core';
import { pageFromPolygon, polygonWireResolution } from './polygon-wire';

const T = Date.UTC(2025, 5, 2, 13, 30);

describe(pageFromPolygon.name, () => {
  it('maps t/o/h/l/c/v onto a candle, dropping vw and n', () => {
    const sut = pageFromPolygon(
      {
        status: 'OK',
        resultsCount: 1,
        results: [{ t: T, o: 1, h: 2, l: 0.5, c: 1.5, v: 100, vw: 1.2, n: 7 }],
        next_url: 'https://api.polygon.io/v2/aggs/ticker/AAPL/range/5/minute/x/y?cursor=abc',
      },
      'polygon',
      'GET aggs',
    );
    expect(sut.candles).toEqual([
      { start: T, open: 1, high: 2, low: 0.5, close: 1.5, volume: 100 },
    ]);
    expect(sut.nextUrl).toContain('cursor=abc');
  });

  it('reads an omitted results array as no bars and no next page', () => {
    expect(pageFromPolygon({ status: 'OK', resultsCount: 0 }, 'polygon', 'GET aggs')).toEqual({
      candles: [],
    });
  });

  it('turns a malformed bar into NaN fields for the validator to drop', () => {
    const [candle] = pageFromPolygon({ results: [{ t: 'x', o: 1 }] }, 'polygon', 'x').candles;
    expect(candle.start).toBeNaN();
    expect(candle.high).toBeNaN();
  });

  it('refuses a body of the wrong shape', () => {
    expect(() => pageFromPolygon([], 'polygon', 'x')).toThrow(ProviderUnavailableError);
    expect(() => pageFromPolygon({ results: {} }, 'polygon', 'x')).toThrow(
      ProviderUnavailableError,
    );
  });
});

describe(polygonWireResolution.name, () => {
  it('builds hourly candles from 30-minute bars', () => {
    expect(polygonWireResolution('60')).toBe('30');
    expect(polygonWireResolution('5')).toBe('5');
  });
});
