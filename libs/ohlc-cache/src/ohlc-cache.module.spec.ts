import { Test, type TestingModule } from '@nestjs/testing';
import { Keyv } from 'keyv';
import { MarketHoursModule } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import { CacheModule } from './ohlc-cache.module';
import { OhlcService } from './ohlc.service';
import { makeCandles, ScriptedProvider } from './testing';

const DAY = 86_400_000;

/** A Map that counts what L1 asks of it: the app's own cache-manager store. */
class CountingMap<V> extends Map<string, V> {
  gets = 0;
  sets = 0;

  override get(key: string): V | undefined {
    this.gets++;
    return super.get(key);
  }

  override set(key: string, value: V): this {
    this.sets++;
    return super.set(key, value);
  }
}

describe(CacheModule.name, () => {
  // Saturday: every candle of the week before is closed.
  const clock = new FixedClock('2025-12-06T15:00:00Z');
  const monday = Date.parse('2025-12-01T00:00:00Z');
  const query = {
    ticker: 'AAPL',
    resolution: 'D' as const,
    range: { from: monday, to: monday + 5 * DAY },
  };
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  it('reads and writes L1 through a cache-manager store passed in its options', async () => {
    const map = new CountingMap<unknown>();
    const provider = new ScriptedProvider(makeCandles(monday, DAY, 5));
    moduleRef = await Test.createTestingModule({
      imports: [
        MarketHoursModule.register({ isGlobal: true, clock }),
        CacheModule.register({
          provider,
          l1: { stores: [new Keyv({ store: map })] },
          l2: { backend: 'embedded', tableName: 'module-spec' },
        }),
      ],
    }).compile();
    const sut = moduleRef.get(OhlcService);

    const cold = await sut.getCandles(query);
    expect(cold.layer).toBe('live-api');
    expect(map.sets).toBeGreaterThan(0);
    expect([...map.keys()].some((key) => key.includes('AAPL#scripted#D'))).toBe(true);

    const getsBefore = map.gets;
    const warm = await sut.getCandles(query);
    expect(warm.layer).toBe('in-memory');
    expect(warm.candles).toEqual(cold.candles);
    expect(map.gets).toBeGreaterThan(getsBefore);
    expect(provider.calls).toHaveLength(1);
  });

  it('builds its options once from an async factory shared with the L1 cache-manager', async () => {
    let factoryCalls = 0;
    moduleRef = await Test.createTestingModule({
      imports: [
        MarketHoursModule.register({ isGlobal: true, clock }),
        CacheModule.registerAsync({
          useFactory: () => {
            factoryCalls++;
            return {
              provider: new ScriptedProvider(makeCandles(monday, DAY, 5)),
              l1: { maxEntries: 10 },
              l2: { backend: 'embedded' as const, tableName: 'module-spec-async' },
            };
          },
        }),
      ],
    }).compile();

    const result = await moduleRef.get(OhlcService).getCandles(query);
    expect(result.candles).toHaveLength(5);
    expect(factoryCalls).toBe(1);
  });
});
