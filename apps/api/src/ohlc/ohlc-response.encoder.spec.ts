import { makeCandles } from '@app/ohlc-cache/testing';
import type { OhlcResult } from '@app/ohlc-cache';
import { fallbackMessage, toOhlcResponse } from './ohlc-response.dto';

const DAY = 86_400_000;

describe(toOhlcResponse.name, () => {
  const result: OhlcResult = {
    series: { ticker: 'AAPL', source: 'demo', resolution: 'D' },
    candles: makeCandles(Date.parse('2025-12-01T00:00:00Z'), DAY, 5, 0),
    layer: 'in-memory',
    ageSeconds: 60,
    writeFailed: false,
    expiresAt: Date.parse('2025-12-08T14:30:00Z'),
    partial: false,
    adjustment: 'raw',
  };
  const nyDate = () => 'unused for daily candles';

  it('writes daily candles with their date and the range they span', () => {
    const sut = toOhlcResponse(result, '1W', nyDate);
    expect(sut).toMatchObject({
      ticker: 'AAPL',
      time_range: '1W',
      start_date: '2025-12-01',
      end_date: '2025-12-05',
      count: 5,
      source: 'demo',
      cache_expires_at: '2025-12-08T14:30:00Z',
      resolution: 'D',
      resolution_fallback: false,
      fallback_message: null,
      adjustment: 'raw',
      volume_scope: null,
    });
    expect(sut.candles[0]).toEqual({
      date: '2025-12-01',
      open: 100,
      high: 102,
      low: 99,
      close: 101,
      volume: 1000,
    });
  });

  it('tells the user when daily candles stand in for intraday ones', () => {
    const sut = toOhlcResponse({ ...result, resolutionFallback: { requested: '5' } }, '1W', nyDate);
    expect(sut.resolution_fallback).toBe(true);
    expect(sut.fallback_message).toBe(
      'Intraday data (resolution 5) is not available for AAPL; showing daily candles instead.',
    );
    expect(sut.fallback_message).toBe(fallbackMessage('AAPL', '5'));
  });

  it('stamps intraday candles with their UTC start and New York dates', () => {
    const from = Date.parse('2025-12-01T14:30:00Z');
    const sut = toOhlcResponse(
      {
        ...result,
        series: { ...result.series, resolution: '5' },
        candles: makeCandles(from, 5 * 60_000, 2, 0),
      },
      'custom',
      () => '2025-12-01',
    );
    expect(sut.candles.map((c) => c.date)).toEqual([
      '2025-12-01T14:30:00Z',
      '2025-12-01T14:35:00Z',
    ]);
    expect(sut.start_date).toBe('2025-12-01');
  });
});
