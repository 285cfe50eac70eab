import { utcBuckets } from './utc-buckets';

describe(utcBuckets.name, () => {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const range = {
    from: Date.parse('2025-12-31T20:00:00Z'),
    to: Date.parse('2026-01-02T00:00:00Z'),
  };

  it.each([
    [
      'day',
      [
        ['2025-12-31', '2026-01-01'],
        ['2026-01-01', '2026-01-02'],
      ],
    ],
    [
      'month',
      [
        ['2025-12-01', '2026-01-01'],
        ['2026-01-01', '2026-02-01'],
      ],
    ],
    [
      'year',
      [
        ['2025-01-01', '2026-01-01'],
        ['2026-01-01', '2027-01-01'],
      ],
    ],
  ] as const)('cuts a range into whole UTC %ss, across a year end', (unit, expected) => {
    expect(utcBuckets(range, unit).map((b) => [iso(b.from), iso(b.to)])).toEqual(expected);
  });
});
