import { ApiException } from '../common/error-code';
import { TickerPipe } from './ticker.pipe';

describe(TickerPipe.name, () => {
  const sut = new TickerPipe();

  const rejection = (value: string): ApiException => {
    try {
      sut.transform(value);
    } catch (error) {
      if (error instanceof ApiException) return error;
      throw error;
    }
    throw new Error(`accepted ${JSON.stringify(value)}`);
  };

  it.each([
    ['aapl', 'AAPL'],
    ['Msft', 'MSFT'],
    ['  tsla\t', 'TSLA'],
    ['F', 'F'],
    ['GOOGL', 'GOOGL'],
    ['BRK.B', 'BRK.B'],
    [' brk.b ', 'BRK.B'],
  ])('accepts %j as %s', (value, ticker) => {
    expect(sut.transform(value)).toBe(ticker);
  });

  it.each([
    ['six letters', 'ABCDEF'],
    ['digits', '123'],
    ['a letter and a digit', 'A1'],
    ['nothing', ''],
    ['only spaces', '   '],
    ['an inner space', 'BRK B'],
    ['a two-letter class suffix', 'BRK.BB'],
    ['a bare dot', 'BRK.'],
    ['a leading dot', '.B'],
    ['a hyphen', 'BRK-B'],
    ['path traversal', '../etc/passwd'],
    ['an encoded slash', '..%2Fadmin'],
    ['a Cyrillic A', '\u0410APL'],
    ['a Greek Alpha', '\u0391APL'],
    ['fullwidth letters', '\uFF21\uFF21\uFF30\uFF2C'],
    ['a zero-width space', 'AAPL\u200B'],
  ])('rejects %s (%j)', (_, value) => {
    expect(() => sut.transform(value)).toThrow(ApiException);
  });

  // Not ASCII, but String#toUpperCase maps them onto ASCII letters
  // (ı -> I, ſ -> S, ß -> SS, ﬀ -> FF): checked before upper-casing.
  it.each([
    ['a dotless i', '\u0131bm'],
    ['a long s', 'm\u017Fft'],
    ['a sharp s', 'ga\u00DF'],
    ['an ff ligature', '\uFB00'],
  ])('rejects %s (%j), which upper-cases into ASCII', (_, value) => {
    expect(() => sut.transform(value)).toThrow(ApiException);
  });

  it('says what was wrong and what a ticker looks like, as a 400 INVALID_TICKER', () => {
    expect(rejection('A1')).toMatchObject({ code: 'INVALID_TICKER', status: 400 });
    expect(rejection('A1').message).toBe(
      'Invalid ticker "A1": use 1-5 letters, optionally with a class suffix such as BRK.B',
    );
  });

  it('echoes the value as sent, not as normalised', () => {
    expect(rejection(' ../etc ').message).toContain('" ../etc "');
  });

  it('echoes at most 20 characters of the value', () => {
    const message = rejection(`ABCDEFGHIJKLMNOPQRST${'U'.repeat(10_000)}`).message;

    expect(message).toContain('"ABCDEFGHIJKLMNOPQRST"');
    expect(message.length).toBeLessThan(120);
  });
});
