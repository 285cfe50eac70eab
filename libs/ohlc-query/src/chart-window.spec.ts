import { InvalidQueryError } from '@app/ohlc-core';
import { MarketHoursService, NyseCalendar } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import { resolveChartWindow } from './chart-window';

describe(resolveChartWindow.name, () => {
  // 2025-12-06 01:00 UTC is still Friday 2025-12-05 in New York.
  const hours = new MarketHoursService(new FixedClock('2025-12-06T01:00:00Z'), new NyseCalendar());
  const iso = (ms: number) => new Date(ms).toISOString();

  it('defaults to one month of daily candles ending today in New York', () => {
    const sut = resolveChartWindow({ resolution: 'D' }, hours);
    expect(sut.timeRange).toBe('1M');
    expect(iso(sut.range.from)).toBe('2025-11-05T00:00:00.000Z');
    expect(iso(sut.range.to)).toBe('2025-12-06T00:00:00.000Z');
  });

  it('spans New York midnights for intraday resolutions, across DST', () => {
    const sut = resolveChartWindow(
      { resolution: '60', startDate: '2025-10-30', endDate: '2025-11-03' },
      hours,
    );
    expect(sut.timeRange).toBe('custom');
    expect(iso(sut.range.from)).toBe('2025-10-30T04:00:00.000Z');
    expect(iso(sut.range.to)).toBe('2025-11-04T05:00:00.000Z');
  });

  it.each([
    ['1', 7],
    ['5', 30],
    ['15', 90],
    ['30', 90],
    ['60', 180],
    ['D', 365],
  ] as const)('clamps resolution %s to %i days', (resolution, days) => {
    const sut = resolveChartWindow(
      { resolution, startDate: '2020-01-01', endDate: '2025-12-01' },
      hours,
    );
    const start = new Date(Date.parse('2025-12-01T00:00:00Z') - days * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(hours.nyDate(sut.range.from) === start || iso(sut.range.from).startsWith(start)).toBe(
      true,
    );
  });

  it('uses a preset range back from the given end date', () => {
    const sut = resolveChartWindow({ resolution: 'D', range: '1W', endDate: '2025-06-30' }, hours);
    expect(sut.timeRange).toBe('1W');
    expect(iso(sut.range.from)).toBe('2025-06-23T00:00:00.000Z');
  });

  it('rejects a start after the end with a message that says what to do', () => {
    expect(() =>
      resolveChartWindow(
        { resolution: 'D', startDate: '2025-03-02', endDate: '2025-03-01' },
        hours,
      ),
    ).toThrow(
      new InvalidQueryError(
        'start_date 2025-03-02 is after end_date 2025-03-01; swap them or drop one',
      ),
    );
  });
});
