import {
  candleSortKey,
  candleSortKeyBounds,
  coverageBuckets,
  coverageSortKey,
  decodeSegment,
  encodeSegment,
  parseCandleSortKey,
  partitionKey,
} from './l2-keys';

describe('l2-keys', () => {
  const start = Date.parse('2025-12-26T14:30:00Z');

  it('builds the partition key from ticker and source', () => {
    expect(partitionKey({ ticker: 'AAPL', source: 'tiingo' })).toBe('AAPL#tiingo');
  });

  it('builds sort keys as docs/architecture.md#storage-model-l2 shows them', () => {
    expect(candleSortKey('5', start)).toBe('5#2025-12-26T14:30:00Z');
    expect(candleSortKey('D', Date.parse('2025-12-26T00:00:00Z'))).toBe('D#2025-12-26T00:00:00Z');
  });

  it.each(['1', '5', '15', '30', '60', 'D'] as const)('round-trips a %s sort key', (resolution) => {
    const sut = candleSortKey(resolution, start);
    expect(parseCandleSortKey(sut)).toEqual({ resolution, start });
  });

  it('rejects a malformed sort key', () => {
    expect(() => parseCandleSortKey('5#yesterday')).toThrow('Malformed');
    expect(() => parseCandleSortKey('2025-12-26T14:30:00Z')).toThrow('Malformed');
  });

  it('includes the first instant of a range and excludes its end', () => {
    const range = { from: start, to: start + 2 * 3_600_000 };
    const [from, to] = candleSortKeyBounds('5', range);
    expect(from).toBe('5#2025-12-26T14:30:00Z');
    expect(to).toBe('5#2025-12-26T16:29:59Z');
    expect(candleSortKey('5', range.from) >= from).toBe(true);
    expect(candleSortKey('5', range.to - 5 * 60_000) <= to).toBe(true);
    expect(candleSortKey('5', range.to) > to).toBe(true);
  });

  it('keeps coverage keys out of every candle range', () => {
    const [from, to] = candleSortKeyBounds('D', {
      from: 0,
      to: Date.parse('2100-01-01T00:00:00Z'),
    });
    const cov = coverageSortKey('D', 0);
    expect(cov >= from && cov <= to).toBe(false);
  });

  it('buckets intraday coverage by UTC month and daily by UTC year', () => {
    const range = {
      from: Date.parse('2025-01-31T20:00:00Z'),
      to: Date.parse('2025-03-01T00:00:00Z'),
    };
    expect(coverageBuckets('5', range).map((b) => new Date(b.from).toISOString())).toEqual([
      '2025-01-01T00:00:00.000Z',
      '2025-02-01T00:00:00.000Z',
    ]);
    expect(coverageBuckets('D', range)).toHaveLength(1);
  });

  it('round-trips a coverage segment and refuses garbage', () => {
    const segment = { from: start, to: start + 60_000 };
    expect(decodeSegment(encodeSegment(segment))).toEqual(segment);
    expect(decodeSegment('nonsense')).toBeUndefined();
    expect(decodeSegment(encodeSegment({ from: start, to: start }))).toBeUndefined();
  });
});
