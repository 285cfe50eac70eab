import { ConsoleLogger, Logger } from '@nestjs/common';
import { ProviderPlanError } from '@app/ohlc-core';
import { Test, type TestingModule } from '@nestjs/testing';
import { MarketHoursModule } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import { FinnhubProvider } from '@app/market-data';
import { FakeFinnhubServer, RecordingLogger } from '@app/market-data/testing';
import { CacheModule, OhlcService } from '@app/ohlc-cache';
import { ScriptedProvider } from '@app/ohlc-cache/testing';
import { CapturedLogs } from './support/captured-logs';
import { isNyseCandleStart, sessionCandles } from './support/nyse';
import { suiteTestApp } from './support/test-app';

const FINNHUB_KEY = 'finnhub-free-plan-key-31337';
/** Saturday 2025-12-06: the week before is closed and settled. */
const clock = new FixedClock('2025-12-06T15:00:00Z');
const WEEK = { from: Date.parse('2025-12-01T00:00:00Z'), to: Date.parse('2025-12-06T00:00:00Z') };

/**
 * Library level: a Finnhub key on the free plan (no `/stock/candle`) as the
 * primary provider, through OhlcService with a configured fallback.
 */
describe('Finnhub plan without candles, with a fallback provider (library e2e)', () => {
  const finnhub = new FakeFinnhubServer({ apiKey: FINNHUB_KEY, plan: 'free' });
  const logs = new CapturedLogs();
  let primary: FinnhubProvider;
  let fallback: ScriptedProvider;
  let sut: OhlcService;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    Logger.overrideLogger(logs);
    await finnhub.start();
  });
  afterAll(async () => {
    Logger.overrideLogger(new ConsoleLogger());
    await finnhub.close();
  });
  afterEach(() => moduleRef.close());
  beforeEach(async () => {
    finnhub.reset();
    primary = new FinnhubProvider({
      apiKey: FINNHUB_KEY,
      baseUrl: finnhub.baseUrl,
      isCandleStart: isNyseCandleStart,
      now: () => clock.now(),
      logger: new RecordingLogger(),
    });
    fallback = new ScriptedProvider(
      sessionCandles('D', '2025-12-01T00:00:00Z', '2025-12-06T00:00:00Z'),
      'fallback',
    );
    moduleRef = await Test.createTestingModule({
      imports: [
        MarketHoursModule.register({ isGlobal: true, clock }),
        CacheModule.register({
          provider: primary,
          fallbacks: [fallback],
          l2: { backend: 'embedded', tableName: 'plan-fallback' },
        }),
      ],
    })
      .setLogger(logs)
      .compile();
    sut = moduleRef.get(OhlcService);
  });

  it('lets the fallback answer when Finnhub refuses candles for the plan', async () => {
    const result = await sut.getCandles({ ticker: 'AAPL', resolution: 'D', range: WEEK });

    expect(finnhub.requests.map((r) => r.path)).toEqual(['/api/v1/stock/candle']);
    expect(result).toMatchObject({ layer: 'live-api', series: { source: 'fallback' } });
    expect(result.candles).toHaveLength(5);
    expect(fallback.calls).toEqual([WEEK]);
    expect(logs.lines).toContainEqual(
      expect.stringContaining('finnhub could not serve AAPL: ProviderPlanError'),
    );
  });

  it('tells the plan refusal at start-up, before any request', async () => {
    await expect(primary.checkAccess()).resolves.toEqual({
      denied: ['1', '5', '15', '30', '60', 'D'],
      reason: new ProviderPlanError('finnhub', 'candles').message,
    });
  });
});

/** The API configured with a free-plan Finnhub key and the demo provider as fallback. */
describe('Finnhub plan without candles, in the API (e2e)', () => {
  const finnhub = new FakeFinnhubServer({ apiKey: FINNHUB_KEY, plan: 'free' });
  const logs = new CapturedLogs();
  const app = suiteTestApp({
    clock,
    upstream: finnhub,
    logger: logs,
    env: { OHLC_PROVIDER_FALLBACKS: 'demo' },
  });

  it('says at start-up that the plan lacks candles, and answers from the fallback', async () => {
    for (let i = 0; i < 100 && !logs.lines.some((l) => l.includes('cannot serve')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const warning = logs.lines.filter((l) => l.includes('finnhub cannot serve resolution'));
    expect(warning).toHaveLength(1);
    expect(warning[0]).toContain('plan lacks access to candles');

    const res = await app.get('/api/v2/tickers/AAPL/ohlc').query({ range: '1W' }).expect(200);
    expect(res.body.source).toBe('demo');
  });
});
