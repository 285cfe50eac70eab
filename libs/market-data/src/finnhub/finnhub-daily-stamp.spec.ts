import { dailyCandleStart } from './finnhub-daily-stamp';

describe(dailyCandleStart.name, () => {
  it('keeps a 00:00Z stamp as the date it names', () => {
    expect(dailyCandleStart(Date.UTC(2025, 5, 3))).toBe(Date.UTC(2025, 5, 3));
  });

  it('moves a stamp at the open to 00:00Z of its New York date', () => {
    expect(dailyCandleStart(Date.UTC(2025, 5, 3, 13, 30))).toBe(Date.UTC(2025, 5, 3));
  });

  it('moves a winter evening stamp to the New York date, the day before in UTC', () => {
    expect(dailyCandleStart(Date.UTC(2025, 0, 7, 4, 59))).toBe(Date.UTC(2025, 0, 6));
  });

  it('passes an unreadable stamp on as NaN', () => {
    expect(dailyCandleStart(NaN)).toBeNaN();
  });
});
