import { makeCandles } from '@app/ohlc-cache/testing';
import type { OhlcResult } from '@app/ohlc-cache';
import { encodeOhlcResponse } from './ohlc-response.encoder';
import { fallbackMessage } from './ohlc-response.dto';

const DAY = 86_400_000;

describe(encodeOhlcResponse.name, () => {
  const result: OhlcResult = {
    series: { ticker: 'AAPL', source: 'demo', resolution: 'D' },
    candles: makeCandles(Date.parse('2025-12-01T00:00:00Z'), DAY, 5, 0),
    layer: 'in-memory',
    ageSeconds: 60,
    writeFailed: false,
    expiresAt: Date.parse('2025-12-08T14:30:00Z'),
    partial: false,
    adjustment: 'raw',
    basis: { generation: 0, reads: [], volatile: false },
  };
  const nyDate = () => 'unused for daily candles';
  const sut = (r: OhlcResult, range: 'custom' | '1W' = '1W', date = nyDate) =>
    JSON.parse(encodeOhlcResponse(r, range, date)) as Record<string, unknown>;

  it('writes daily candles with their date and the range they span', () => {
    const body = sut(result);
    expect(body).toMatchObject({
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
      adjustment_complete: true,
      volume_scope: null,
    });
    expect((body.candles as unknown[])[0]).toEqual({
      date: '2025-12-01',
      open: 100,
      high: 102,
      low: 99,
      close: 101,
      volume: 1000,
    });
  });

  it('writes the bytes JSON.stringify would, fractions, missing volumes and quotes included', () => {
    const candles = [
      { ...result.candles[0], open: 0.1 + 0.2, high: 1e21, low: 1e-7, close: 123.456 },
      { ...result.candles[1], volume: undefined },
    ];
    const json = encodeOhlcResponse(
      { ...result, candles, series: { ...result.series, source: 'my "feed"' } },
      'custom',
      nyDate,
    );
    const parsed = JSON.parse(json) as object;
    expect(JSON.stringify(parsed)).toBe(json);
    expect((parsed as { candles: object[] }).candles[1]).not.toHaveProperty('volume');
  });

  it('says when an adjusted view may lack an action not known yet', () => {
    const body = sut({ ...result, adjustment: 'splits', adjustmentComplete: false });
    expect(body).toMatchObject({ adjustment: 'splits', adjustment_complete: false });
  });

  it('tells the user when daily candles stand in for intraday ones', () => {
    const body = sut({ ...result, resolutionFallback: { requested: '5' } });
    expect(body.resolution_fallback).toBe(true);
    expect(body.fallback_message).toBe(
      'Intraday data (resolution 5) is not available for AAPL; showing daily candles instead.',
    );
    expect(body.fallback_message).toBe(fallbackMessage('AAPL', '5'));
  });

  it('stamps intraday candles with their UTC start and New York dates', () => {
    const from = Date.parse('2025-12-01T14:30:00Z');
    const body = sut(
      {
        ...result,
        series: { ...result.series, resolution: '5' },
        candles: makeCandles(from, 5 * 60_000, 2, 0),
        volumeScope: 'exchange-only',
      },
      'custom',
      () => '2025-12-01',
    );
    expect((body.candles as { date: string }[]).map((c) => c.date)).toEqual([
      '2025-12-01T14:30:00Z',
      '2025-12-01T14:35:00Z',
    ]);
    expect(body.start_date).toBe('2025-12-01');
    expect(body.volume_scope).toBe('exchange-only');
  });
});
