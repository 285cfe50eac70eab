import { FixedClock } from '@app/market-hours/testing';
import { CacheInvalidationService } from './cache-invalidation.service';
import { FakeL2Admin, ScriptedProvider } from './testing';
import { TickerGenerations } from './l1/ticker-generations';

describe(CacheInvalidationService.name, () => {
  it('deletes the ticker from every configured source, then bumps its generation', async () => {
    const l2 = new FakeL2Admin();
    l2.removed = 42;
    const generations = new TickerGenerations(l2, new FixedClock('2025-12-06T15:00:00Z'), {
      provider: undefined as never,
      l2: { backend: 'embedded', tableName: 't' },
    });
    const providers = [new ScriptedProvider([]), new ScriptedProvider([])];
    const sut = new CacheInvalidationService(l2, providers, generations);

    await expect(sut.invalidate('AAPL', '5')).resolves.toEqual({
      ticker: 'AAPL',
      resolution: '5',
      sources: ['scripted'],
      removed: 42,
      generation: 1,
    });
    expect(l2.deletions).toEqual([{ ticker: 'AAPL', sources: ['scripted'], resolution: '5' }]);
    await expect(generations.current('AAPL')).resolves.toBe(1);
  });
});
