import { FixedClock } from '@app/market-hours/testing';
import { SeriesVersions } from '../l1/series-versions';
import type { OhlcResult } from '../ohlc-result';
import { FakeL2Admin, makeCandles } from '../testing';
import { TickerGenerations } from '../l1/ticker-generations';
import { ResultFreshness } from './result-freshness';

describe(ResultFreshness.name, () => {
  const series = { ticker: 'AAPL', source: 'demo', resolution: 'D' as const };
  const clock = new FixedClock('2025-12-06T15:00:00Z');
  const expiresAt = Date.parse('2025-12-08T14:30:00Z');
  const options = {
    provider: undefined as never,
    l2: { backend: 'embedded' as const, tableName: 't' },
  };
  let l2: FakeL2Admin;
  let versions: SeriesVersions;
  let sut: ResultFreshness;

  const result = (extra: Partial<OhlcResult> = {}): OhlcResult => ({
    series,
    candles: makeCandles(Date.parse('2025-12-01T00:00:00Z'), 86_400_000, 5),
    layer: 'in-memory',
    ageSeconds: 0,
    writeFailed: false,
    partial: false,
    expiresAt,
    adjustment: 'raw',
    basis: { generation: 0, reads: [{ id: 'AAPL#demo#D', version: 0 }], volatile: false },
    ...extra,
  });

  beforeEach(() => {
    l2 = new FakeL2Admin();
    versions = new SeriesVersions(1_000);
    sut = new ResultFreshness(versions, new TickerGenerations(l2, clock, options));
  });

  it('stamps only clean results of final candles', () => {
    expect(sut.stamp(result())).toEqual({
      ticker: 'AAPL',
      basis: result().basis,
      until: expiresAt,
    });
    const volatile = { generation: 0, reads: [], volatile: true };
    for (const extra of [
      { basis: volatile },
      { basis: undefined },
      { partial: true },
      { writeFailed: true },
      { readError: 'down' },
    ]) {
      expect(sut.stamp(result(extra))).toBeUndefined();
    }
  });

  it('holds until expiry, a write to a series read, or a new generation', async () => {
    const stamp = sut.stamp(result())!;
    // No generation known yet: it is read first.
    await expect(sut.isFresh(stamp, clock.now())).resolves.toBe(true);
    expect(sut.isFresh(stamp, clock.now())).toBe(true);
    expect(sut.isFresh(stamp, expiresAt)).toBe(false);

    versions.bump(series);
    expect(sut.isFresh(stamp, clock.now())).toBe(false);

    const again = sut.stamp(
      result({ basis: { ...stamp.basis, reads: [{ id: 'AAPL#demo#D', version: 1 }] } }),
    )!;
    expect(sut.isFresh(again, clock.now())).toBe(true);
    await l2.bumpGeneration('AAPL');
    expect(sut.isFresh(again, clock.now())).toBe(true);
    clock.advance(5_000);
    await expect(sut.isFresh(again, clock.now())).resolves.toBe(false);
  });
});
