import { weekdaySessionCandleStart as sut } from './weekday-session';

describe(sut.name, () => {
  it.each([
    ['the summer open (13:30Z)', '5', Date.UTC(2025, 5, 3, 13, 30), true],
    ['the winter open (14:30Z)', '5', Date.UTC(2025, 0, 7, 14, 30), true],
    ['13:30Z in winter (08:30 New York)', '5', Date.UTC(2025, 0, 7, 13, 30), false],
    ['the last five minutes', '5', Date.UTC(2025, 5, 3, 19, 55), true],
    ['the close', '5', Date.UTC(2025, 5, 3, 20, 0), false],
    ['a start off the five-minute grid', '5', Date.UTC(2025, 5, 3, 13, 32), false],
    ['an hourly start at the open', '60', Date.UTC(2025, 5, 3, 13, 30), true],
    ['an hourly start on the clock hour', '60', Date.UTC(2025, 5, 3, 14, 0), false],
    ['a Saturday', '1', Date.UTC(2025, 5, 7, 15, 0), false],
    ['a weekday date', 'D', Date.UTC(2025, 5, 3), true],
    ['a Sunday date', 'D', Date.UTC(2025, 5, 8), false],
    ['a daily start that is not 00:00Z', 'D', Date.UTC(2025, 5, 3, 13, 30), false],
  ] as const)('says %s is %p', (_, resolution, start, expected) => {
    expect(sut(resolution, start)).toBe(expected);
  });
});
