import { candleViolation } from '@app/ohlc-core';
import { MarketHoursService, NyseCalendar } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import { DemoProvider } from './demo.provider';

describe(DemoProvider.name, () => {
  // Wednesday 2025-11-26 11:02:30 New York; Thursday is Thanksgiving, Friday closes at 13:00.
  const clock = new FixedClock('2025-11-26T16:02:30Z');
  const hours = new MarketHoursService(clock, new NyseCalendar());
  const sut = new DemoProvider(hours, { latencyMs: 0 });
  const week = { from: Date.parse('2025-11-24T05:00:00Z'), to: Date.parse('2025-11-29T05:00:00Z') };

  it('settles candles as soon as they close: nothing arrives late', () => {
    expect(sut.settlement).toEqual({ dailyNewYorkMinute: 0, intradayDelayMs: 0 });
  });

  it('is deterministic across instances', async () => {
    const other = new DemoProvider(hours, { latencyMs: 0 });
    expect(await sut.fetchCandles('MSFT', '5', week)).toEqual(
      await other.fetchCandles('MSFT', '5', week),
    );
  });

  it('produces sound candles only in sessions and never one that starts in the future', async () => {
    const candles = await sut.fetchCandles('MSFT', '1', week);
    expect(candles.every((c) => candleViolation(c) === undefined)).toBe(true);
    expect(candles.every((c) => hours.isCandleStart('1', c.start))).toBe(true);
    expect(candles[candles.length - 1].start).toBe(Date.parse('2025-11-26T16:02:00Z'));
    expect(candles).toHaveLength(2 * 390 + 93);
  });

  it('derives every resolution from one minute path', async () => {
    const minutes = await sut.fetchCandles('MSFT', '1', week);
    const [fiveMinute] = await sut.fetchCandles('MSFT', '5', {
      from: Date.parse('2025-11-24T14:30:00Z'),
      to: Date.parse('2025-11-24T14:35:00Z'),
    });
    const first5 = minutes.slice(0, 5);
    expect(fiveMinute).toEqual({
      start: first5[0].start,
      open: first5[0].open,
      close: first5[4].close,
      high: Math.max(...first5.map((c) => c.high)),
      low: Math.min(...first5.map((c) => c.low)),
      volume: first5.reduce((sum, c) => sum + (c.volume ?? 0), 0),
    });
    const [monday] = await sut.fetchCandles('MSFT', 'D', {
      from: Date.parse('2025-11-24T00:00:00Z'),
      to: Date.parse('2025-11-25T00:00:00Z'),
    });
    expect(monday.open).toBe(minutes[0].open);
    expect(monday.close).toBe(minutes[389].close);
  });

  it('has no candles on a holiday and a short session on an early close', async () => {
    clock.set('2025-12-01T12:00:00Z');
    const candles = await sut.fetchCandles('MSFT', '60', week);
    const on = (date: string) => candles.filter((c) => hours.nyDate(c.start) === date);
    expect(on('2025-11-27')).toHaveLength(0);
    expect(on('2025-11-28').map((c) => new Date(c.start).toISOString())).toEqual([
      '2025-11-28T14:30:00.000Z',
      '2025-11-28T15:30:00.000Z',
      '2025-11-28T16:30:00.000Z',
      '2025-11-28T17:30:00.000Z',
    ]);
    clock.set('2025-11-26T16:02:30Z');
  });
});
