import { DEFAULT_RETRY_AFTER_MS, retryAtFrom } from './retry-after';

const NOW = Date.UTC(2025, 11, 26, 15, 0, 0);

describe(retryAtFrom.name, () => {
  it('reads delay-seconds', () => {
    expect(retryAtFrom('120', NOW)).toBe(NOW + 120_000);
    expect(retryAtFrom(' 0 ', NOW)).toBe(NOW);
  });

  it('reads an HTTP date', () => {
    expect(retryAtFrom('Fri, 26 Dec 2025 15:02:00 GMT', NOW)).toBe(NOW + 120_000);
    expect(retryAtFrom('Friday, 26-Dec-25 15:02:00 GMT', NOW)).toBe(NOW + 120_000);
  });

  it('treats a date in the past as now', () => {
    expect(retryAtFrom('Fri, 26 Dec 2025 14:00:00 GMT', NOW)).toBe(NOW);
  });

  it.each([null, '', 'soon', '-5', '1.5'])('falls back to the default for %p', (header) => {
    expect(retryAtFrom(header, NOW)).toBe(NOW + DEFAULT_RETRY_AFTER_MS);
  });

  it('falls back to the given instant when the header says nothing', () => {
    expect(retryAtFrom(null, NOW, NOW + 5_000)).toBe(NOW + 5_000);
    expect(retryAtFrom('30', NOW, NOW + 5_000)).toBe(NOW + 30_000);
  });
});
