import { toIsoDate, toIsoSeconds } from './iso';

describe(toIsoSeconds.name, () => {
  it('formats instants exactly as Date does, to the second, across leap days and centuries', () => {
    const instants = [
      0,
      -1,
      Date.parse('1900-02-28T23:59:59.999Z'),
      Date.parse('2000-02-29T12:34:56Z'),
      Date.parse('2024-12-31T23:59:59.500Z'),
      Date.parse('2100-03-01T00:00:00Z'),
      Date.parse('0001-01-01T00:00:00Z'),
      Date.parse('9999-12-31T23:59:59Z'),
    ];
    // A seeded walk over 1990–2100 in uneven steps hits every month and hour.
    for (let ms = Date.parse('1990-01-01T00:00:00Z'), n = 0; n < 20_000; n++) {
      instants.push(ms);
      ms += 86_400_000 * 2 + 3_599_999 + (n % 7) * 61_000;
    }
    for (const ms of instants) {
      const viaDate = new Date(ms).toISOString();
      expect(toIsoSeconds(ms)).toBe(viaDate.slice(0, 19) + 'Z');
      expect(toIsoDate(ms)).toBe(viaDate.slice(0, 10));
    }
  });
});
