import { dailyCandleStart, newYorkDateStart } from './new-york-date';

describe(newYorkDateStart.name, () => {
  it.each([
    ['a summer evening, after 00:00Z', Date.UTC(2025, 5, 3, 2, 0), Date.UTC(2025, 5, 2)],
    ['a summer night, after 04:00Z', Date.UTC(2025, 5, 3, 4, 0), Date.UTC(2025, 5, 3)],
    ['a winter evening, before 05:00Z', Date.UTC(2025, 0, 7, 4, 59), Date.UTC(2025, 0, 6)],
    ['the winter open', Date.UTC(2025, 0, 7, 14, 30), Date.UTC(2025, 0, 7)],
  ])('takes the New York date of %s', (_, instant, expected) => {
    expect(newYorkDateStart(instant)).toBe(expected);
  });
});

describe(dailyCandleStart.name, () => {
  it('keeps a 00:00Z stamp as the date it names', () => {
    expect(dailyCandleStart(Date.UTC(2025, 5, 3))).toBe(Date.UTC(2025, 5, 3));
  });

  it('moves a stamp at the open to 00:00Z of its New York date', () => {
    expect(dailyCandleStart(Date.UTC(2025, 5, 3, 13, 30))).toBe(Date.UTC(2025, 5, 3));
  });

  it('passes an unreadable stamp on as NaN', () => {
    expect(dailyCandleStart(NaN)).toBeNaN();
  });
});
