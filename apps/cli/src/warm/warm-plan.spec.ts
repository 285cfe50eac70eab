import { InvalidQueryError } from '@app/ohlc-core';
import { MarketHoursService, NyseCalendar } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import { planWarm } from './warm-plan';

describe(planWarm.name, () => {
  // Saturday 2025-12-13 in New York.
  const hours = new MarketHoursService(new FixedClock('2025-12-13T15:00:00Z'), new NyseCalendar());
  const dates = (plan: ReturnType<typeof planWarm>) =>
    plan.series.map((s) => [s.label, s.windows.map((w) => `${w.firstDate}..${w.lastDate}`)]);

  it('makes one series per ticker and resolution, in the order given, ending today by default', () => {
    const sut = planWarm({ tickers: ['AAPL', 'MSFT'], resolutions: ['D', '5'] }, hours);
    expect(sut).toMatchObject({ firstDate: '2025-11-13', lastDate: '2025-12-13' });
    expect(dates(sut)).toEqual([
      ['AAPL D', ['2025-11-13..2025-12-13']],
      ['AAPL 5', ['2025-11-13..2025-12-13']],
      ['MSFT D', ['2025-11-13..2025-12-13']],
      ['MSFT 5', ['2025-11-13..2025-12-13']],
    ]);
  });

  it('splits a span longer than the API serves at a resolution into its windows, newest first', () => {
    const sut = planWarm({ tickers: ['AAPL'], resolutions: ['5', 'D'], range: '3M' }, hours);
    expect(dates(sut)).toEqual([
      ['AAPL 5', ['2025-11-13..2025-12-13', '2025-10-13..2025-11-12', '2025-09-14..2025-10-12']],
      ['AAPL D', ['2025-09-14..2025-12-13']],
    ]);
  });

  it('uses the ranges the API computes: New York midnights intraday, 00:00Z dates daily', () => {
    const sut = planWarm(
      { tickers: ['AAPL'], resolutions: ['1', 'D'], from: '2025-12-01', to: '2025-12-12' },
      hours,
    );
    const [one, daily] = sut.series;
    expect(one.windows.map((w) => [w.firstDate, w.lastDate])).toEqual([
      ['2025-12-05', '2025-12-12'],
      ['2025-12-01', '2025-12-04'],
    ]);
    expect(one.windows[0].range).toEqual({
      from: Date.parse('2025-12-05T05:00:00Z'),
      to: Date.parse('2025-12-13T05:00:00Z'),
    });
    // Contiguous: each window ends where the newer one starts.
    expect(one.windows[1].range.to).toBe(one.windows[0].range.from);
    expect(daily.windows[0].range).toEqual({
      from: Date.parse('2025-12-01T00:00:00Z'),
      to: Date.parse('2025-12-13T00:00:00Z'),
    });
  });

  it('starts no earlier than the calendar does', () => {
    const sut = planWarm(
      { tickers: ['AAPL'], resolutions: ['D'], range: '1Y', to: '1990-03-01' },
      hours,
    );
    expect(dates(sut)).toEqual([['AAPL D', ['1990-01-01..1990-03-01']]]);
  });

  it('refuses --from after --to', () => {
    expect(() =>
      planWarm({ tickers: ['A'], resolutions: ['D'], from: '2025-12-02', to: '2025-12-01' }, hours),
    ).toThrow(new InvalidQueryError('--from 2025-12-02 is after --to 2025-12-01'));
  });
});
