import { formatCount, formatDuration, formatTable } from './text-table';

describe(formatTable.name, () => {
  it('pads columns to their widest cell, numbers to the right', () => {
    const sut = formatTable(
      ['series', 'candles'],
      [
        ['AAPL 5', '1,560'],
        ['MSFT D', '21'],
      ],
      ['left', 'right'],
    );
    expect(sut).toBe(
      'series  candles\n' + '------  -------\n' + 'AAPL 5    1,560\n' + 'MSFT D       21\n',
    );
  });

  it('prints the header and rule alone when there are no rows', () => {
    expect(formatTable(['a', 'bb'], [])).toBe('a  bb\n-  --\n');
  });
});

describe(formatCount.name, () => {
  it('groups thousands', () => {
    expect([0, 999, 1_000, 1_234_567].map(formatCount)).toEqual(['0', '999', '1,000', '1,234,567']);
  });
});

describe(formatDuration.name, () => {
  it('shows seconds, then minutes past a minute', () => {
    expect([0, 1_234, 59_940, 125_000].map(formatDuration)).toEqual([
      '0.0 s',
      '1.2 s',
      '59.9 s',
      '2 min 5 s',
    ]);
  });
});
