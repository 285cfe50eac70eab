import { ProviderUnavailableError } from '@app/ohlc-core';
import { aggsPageFromPolygon, referencePageFromPolygon } from './polygon-wire';

const T = Date.UTC(2025, 5, 2, 13, 30);

describe(aggsPageFromPolygon.name, () => {
  it('maps t/o/h/l/c/v onto a candle, dropping vw and n', () => {
    const sut = aggsPageFromPolygon(
      {
        status: 'OK',
        resultsCount: 1,
        results: [{ t: T, o: 1, h: 2, l: 0.5, c: 1.5, v: 100, vw: 1.2, n: 7 }],
        next_url: 'https://api.polygon.io/v2/aggs/ticker/AAPL/range/5/minute/x/y?cursor=abc',
      },
      '5',
      'polygon',
      'GET aggs',
    );
    expect(sut.candles).toEqual([
      { start: T, open: 1, high: 2, low: 0.5, close: 1.5, volume: 100 },
    ]);
    expect(sut.next).toContain('cursor=abc');
  });

  it('keys a daily bar, stamped at the New York midnight of its date, by 00:00Z of that date', () => {
    const summer = Date.UTC(2025, 5, 2, 4);
    const winter = Date.UTC(2025, 11, 1, 5);
    const { candles } = aggsPageFromPolygon(
      { results: [summer, winter].map((t) => ({ t, o: 1, h: 1, l: 1, c: 1 })) },
      'D',
      'polygon',
      'x',
    );
    expect(candles.map((c) => c.start)).toEqual([Date.UTC(2025, 5, 2), Date.UTC(2025, 11, 1)]);
  });

  it('reads an omitted results array as no bars and no next page', () => {
    expect(aggsPageFromPolygon({ status: 'OK', resultsCount: 0 }, '5', 'polygon', 'x')).toEqual({
      candles: [],
    });
  });

  it('turns a malformed bar into NaN fields for the validator to drop', () => {
    const [candle] = aggsPageFromPolygon(
      { results: [{ t: 'x', o: 1 }] },
      'D',
      'polygon',
      'x',
    ).candles;
    expect(candle.start).toBeNaN();
    expect(candle.high).toBeNaN();
  });

  it('refuses a body of the wrong shape', () => {
    expect(() => aggsPageFromPolygon([], '5', 'polygon', 'x')).toThrow(ProviderUnavailableError);
    expect(() => aggsPageFromPolygon({ results: {} }, '5', 'polygon', 'x')).toThrow(
      ProviderUnavailableError,
    );
  });
});

describe(referencePageFromPolygon.name, () => {
  it('reads a split by execution date and ratio, a dividend by ex-date and cash amount', () => {
    expect(
      referencePageFromPolygon(
        {
          results: [
            { execution_date: '2020-08-31', split_from: 1, split_to: 4, ticker: 'AAPL', id: 'x' },
          ],
          next_url: 'https://api.polygon.io/v3/reference/splits?cursor=YWJj',
        },
        'splits',
        'polygon',
        'x',
      ),
    ).toEqual({
      rows: [{ exDate: '2020-08-31', splitFrom: 1, splitTo: 4 }],
      next: 'https://api.polygon.io/v3/reference/splits?cursor=YWJj',
    });
    expect(
      referencePageFromPolygon(
        {
          results: [{ ex_dividend_date: '2025-08-11', cash_amount: 0.26, pay_date: '2025-08-14' }],
        },
        'dividends',
        'polygon',
        'x',
      ),
    ).toEqual({ rows: [{ exDate: '2025-08-11', cash: 0.26 }] });
  });
});
