import { parseTicker } from './ticker';

describe(parseTicker.name, () => {
  it.each([
    [' brk.b ', 'BRK.B'],
    ['aapl', 'AAPL'],
  ])('reads %j as %s', (value, ticker) => {
    expect(parseTicker(value)).toBe(ticker);
  });

  it.each(['ABCDEF', 'BRK.BB', 'ıBM', 'A1', ''])('refuses %j', (value) => {
    expect(parseTicker(value)).toBeUndefined();
  });
});
