import type { StoredCandle } from '@app/ohlc-core';
import { CandleItemMapper, type CandleAttributes, type CandleItem } from './candle-item.mapper';

/** The item as a projected read returns it from the low-level client, written out by hand. */
function asRead({ PK: _pk, ...item }: CandleItem): CandleAttributes {
  return Object.fromEntries(
    Object.entries(item).map(([name, value]) => [
      name,
      typeof value === 'number' ? { N: String(value) } : { S: String(value) },
    ]),
  );
}

describe('CandleItemMapper', () => {
  const series = { ticker: 'AAPL', source: 'tiingo', resolution: 'D' as const };
  const candle: StoredCandle = {
    start: Date.parse('2025-12-26T00:00:00Z'),
    open: 237.45,
    high: 239.12,
    low: 236.8,
    close: 238.67,
    volume: 45_678_900,
    splitFactor: 1,
    divCash: 0.26,
    fetchedAt: Date.parse('2025-12-27T01:02:03Z'),
  };

  it('writes the item docs/architecture.md#storage-model-l2 shows', () => {
    expect(CandleItemMapper.toItem(series, candle)).toEqual({
      PK: 'AAPL#tiingo',
      SK: 'D#2025-12-26T00:00:00Z',
      open: 237.45,
      high: 239.12,
      low: 236.8,
      close: 238.67,
      volume: 45_678_900,
      split_factor: 1,
      div_cash: 0.26,
      fetched_at: '2025-12-27T01:02:03Z',
    });
  });

  it('round-trips a closed candle', () => {
    expect(CandleItemMapper.toDomain(asRead(CandleItemMapper.toItem(series, candle)))).toEqual(
      candle,
    );
  });

  it('writes ttl in epoch seconds only on a candle that may expire', () => {
    const forming = { ...candle, volume: undefined, expiresAt: Date.parse('2025-12-26T21:00:00Z') };
    const sut = CandleItemMapper.toItem(series, forming);
    expect(sut.ttl).toBe(Date.parse('2025-12-26T21:00:00Z') / 1000);
    expect(sut).not.toHaveProperty('volume');
    expect(CandleItemMapper.toDomain(asRead(sut)).expiresAt).toBe(forming.expiresAt);
  });

  it('refuses an item whose price is not a number rather than serving NaN', () => {
    const item = { ...asRead(CandleItemMapper.toItem(series, candle)), open: { S: 'x' } };
    expect(() => CandleItemMapper.toDomain(item)).toThrow('Malformed candle item');
  });
});
