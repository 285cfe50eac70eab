import { DemoProvider } from '@app/market-data';
import { MarketHoursService, NyseCalendar } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import { FakeL2Inspector } from '@app/ohlc-cache/testing';
import { StatsService } from './stats.service';

describe(StatsService.name, () => {
  const hours = new MarketHoursService(new FixedClock('2025-12-13T15:00:00Z'), new NyseCalendar());
  const demo = new DemoProvider(hours, { latencyMs: 0 });
  const at = (iso: string) => Date.parse(iso);
  let inspector: FakeL2Inspector;
  let sut: StatsService;

  beforeEach(() => {
    inspector = new FakeL2Inspector();
    inspector.series = [
      {
        ticker: 'AAPL',
        source: 'demo',
        resolution: '5',
        candles: 1_560,
        oldest: at('2025-11-13T14:30:00Z'),
        newest: at('2025-12-12T20:55:00Z'),
        covered: [
          { from: at('2025-11-13T05:00:00Z'), to: at('2025-11-20T05:00:00Z') },
          { from: at('2025-11-21T05:00:00Z'), to: at('2025-11-22T05:00:00Z') },
          { from: at('2025-11-24T05:00:00Z'), to: at('2025-11-25T05:00:00Z') },
          { from: at('2025-12-01T05:00:00Z'), to: at('2025-12-13T05:00:00Z') },
        ],
      },
      {
        ticker: 'AAPL',
        source: 'demo',
        resolution: 'D',
        candles: 0,
        covered: [{ from: at('2025-12-06T00:00:00Z'), to: at('2025-12-08T00:00:00Z') }],
      },
    ];
    // The primary and a fallback with the same name: each partition is asked once.
    sut = new StatsService(inspector, [demo, demo]);
  });

  it("asks for one ticker's partitions of the configured providers, or for the whole table", async () => {
    await expect(sut.summaries('AAPL')).resolves.toHaveLength(2);
    await sut.summaries();
    expect(inspector.asked).toEqual([{ ticker: 'AAPL', sources: ['demo'] }, {}]);
  });

  it('tabulates counts, UTC instants or dates, and at most three covered spans', () => {
    expect(sut.table(inspector.series).split('\n')).toEqual([
      'ticker  source  res  candles  oldest             newest             covered',
      expect.stringMatching(/^-{6} {2}-{6} {2}-{3} {2}-{7} {2}-{17} {2}-{17} {2}-+$/),
      'AAPL    demo    5      1,560  2025-11-13T14:30Z  2025-12-12T20:55Z  ' +
        '2025-11-13T05:00Z/2025-11-20T05:00Z, 2025-11-21T05:00Z/2025-11-22T05:00Z, ' +
        '2025-11-24T05:00Z/2025-11-25T05:00Z (+1 more)',
      // Daily spans as inclusive dates; a weekend is covered without a candle.
      'AAPL    demo    D          0  -                  -                  2025-12-06..2025-12-07',
      '',
    ]);
  });

  it('gives ISO instants in JSON', () => {
    expect(sut.json(inspector.series.slice(1))).toEqual([
      {
        ticker: 'AAPL',
        source: 'demo',
        resolution: 'D',
        candles: 0,
        oldest: null,
        newest: null,
        covered: [{ from: '2025-12-06T00:00:00Z', to: '2025-12-08T00:00:00Z' }],
      },
    ]);
  });
});
