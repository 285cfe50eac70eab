import type { OhlcResult } from '@app/ohlc-cache';
import { CACHE_HEADERS, type CacheMeta, cacheHeaders, cacheMetaOf } from './cache-meta';

const meta = (overrides: Partial<CacheMeta> = {}): CacheMeta => ({
  source: 'persistent-cache',
  ageSeconds: 42,
  writeFailed: false,
  partial: false,
  ...overrides,
});

describe('cacheHeaders', () => {
  it('always says which layer answered and how old the data is', () => {
    expect(cacheHeaders(meta())).toEqual({
      'X-Cache-Source': 'persistent-cache',
      'X-Cache-Age': '42',
    });
  });

  it('sends an age of 0 rather than leaving it out', () => {
    expect(cacheHeaders(meta({ source: 'live-api', ageSeconds: 0 }))).toEqual({
      'X-Cache-Source': 'live-api',
      'X-Cache-Age': '0',
    });
  });

  it('adds X-Cache-Error when the persistent cache could not be read', () => {
    expect(
      cacheHeaders(meta({ source: 'live-api-degraded', ageSeconds: 0, readError: 'timeout' })),
    ).toEqual({
      'X-Cache-Source': 'live-api-degraded',
      'X-Cache-Age': '0',
      'X-Cache-Error': 'timeout',
    });
  });

  it('truncates X-Cache-Error to 200 characters', () => {
    const headers = cacheHeaders(meta({ readError: `${'e'.repeat(200)}${'x'.repeat(1_000)}` }));

    expect(headers['X-Cache-Error']).toBe('e'.repeat(200));
  });

  it('keeps X-Cache-Error for an empty read error', () => {
    expect(cacheHeaders(meta({ readError: '' }))).toHaveProperty('X-Cache-Error', '');
  });

  it('adds X-Cache-Write-Error only when the write-through failed', () => {
    expect(cacheHeaders(meta({ writeFailed: true }))).toEqual({
      'X-Cache-Source': 'persistent-cache',
      'X-Cache-Age': '42',
      'X-Cache-Write-Error': 'true',
    });
  });

  it('adds X-Cache-Partial only when only the cached part is served', () => {
    expect(cacheHeaders(meta({ partial: true }))).toEqual({
      'X-Cache-Source': 'persistent-cache',
      'X-Cache-Age': '42',
      'X-Cache-Partial': 'true',
    });
  });

  it('sends only headers listed in CACHE_HEADERS, all of them when every flag is set', () => {
    const headers = cacheHeaders(meta({ readError: 'down', writeFailed: true, partial: true }));

    expect(Object.keys(headers).sort()).toEqual([...CACHE_HEADERS].sort());
  });
});

describe('cacheMetaOf', () => {
  const result: OhlcResult = {
    series: { ticker: 'AAPL', source: 'demo', resolution: '5' },
    candles: [],
    layer: 'live-api-degraded',
    ageSeconds: 0,
    readError: 'ThrottlingException',
    writeFailed: true,
    expiresAt: Date.parse('2025-12-08T21:00:00Z'),
    adjustment: 'raw',
    partial: true,
  };

  it('copies where the data came from and the failure flags', () => {
    expect(cacheMetaOf(result)).toEqual({
      source: 'live-api-degraded',
      ageSeconds: 0,
      readError: 'ThrottlingException',
      writeFailed: true,
      partial: true,
    });
  });

  it('leaves the read error undefined when the read worked', () => {
    const sut = cacheMetaOf({
      ...result,
      layer: 'in-memory',
      ageSeconds: 7,
      readError: undefined,
      writeFailed: false,
      partial: false,
    });

    expect(sut.readError).toBeUndefined();
    expect(cacheHeaders(sut)).toEqual({ 'X-Cache-Source': 'in-memory', 'X-Cache-Age': '7' });
  });
});
