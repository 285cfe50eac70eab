import { FixedClock } from '@app/market-hours/testing';
import { FakeL2Admin } from '../testing';
import type { InvalidationBus, InvalidationListener } from '../invalidation-bus.port';
import { TickerGenerations } from './ticker-generations';

describe(TickerGenerations.name, () => {
  let l2: FakeL2Admin;
  let clock: FixedClock;
  let sut: TickerGenerations;

  beforeEach(() => {
    l2 = new FakeL2Admin();
    clock = new FixedClock('2025-12-06T15:00:00Z');
    sut = new TickerGenerations(l2, clock, {
      provider: undefined as never,
      l1: { invalidationCheckMs: 5_000 },
      l2: { backend: 'embedded', tableName: 't' },
    });
  });

  it('reads a ticker once per check interval, sharing concurrent reads', async () => {
    await expect(Promise.all([sut.current('AAPL'), sut.current('AAPL')])).resolves.toEqual([0, 0]);
    expect(l2.generationReads).toBe(1);

    l2.generations.set('AAPL', 3);
    clock.advance(4_999);
    await expect(sut.current('AAPL')).resolves.toBe(0);
    clock.advance(1);
    await expect(sut.current('AAPL')).resolves.toBe(3);
    expect(l2.generationReads).toBe(2);
  });

  it('sees its own bump at once', async () => {
    await sut.current('AAPL');
    await expect(sut.bump('AAPL')).resolves.toBe(1);
    await expect(sut.current('AAPL')).resolves.toBe(1);
    expect(l2.generationReads).toBe(1);
  });

  it('keeps the last known generation while L2 is unreadable, and waits before asking again', async () => {
    l2.generations.set('AAPL', 2);
    await sut.current('AAPL');
    l2.failReads = new Error('L2 down');
    clock.advance(5_000);
    await expect(sut.current('AAPL')).resolves.toBe(2);
    await expect(sut.current('AAPL')).resolves.toBe(2);
    expect(l2.generationReads).toBe(2);
    await expect(sut.current('MSFT')).resolves.toBe(0);
  });

  it('checks against the copy it has, old or absent, and adopts what L2 answers', async () => {
    const first = sut.check('AAPL');
    expect(first.assumed).toBe(0);
    await expect(first.confirm()).resolves.toBe(true);

    l2.generations.set('AAPL', 2);
    clock.advance(5_000);
    const later = sut.check('AAPL');
    expect(later.assumed).toBe(0);
    await expect(later.confirm()).resolves.toBe(false);
    expect(later.assumed).toBe(2);
    await expect(later.confirm()).resolves.toBe(true);
    expect(sut.check('AAPL').assumed).toBe(2);
    expect(l2.generationReads).toBe(2);
  });

  it('lets an L2 read carry the reread, and reads apart only when nothing carried it', async () => {
    l2.generations.set('AAPL', 4);
    const carried = sut.check('AAPL');
    expect(carried.carriable).toBe(true);
    carried.carry(() => Promise.resolve(4));
    await expect(carried.confirm()).resolves.toBe(false);
    expect(carried.assumed).toBe(4);
    expect(l2.generationReads).toBe(0);
    // Fresh now: nothing to carry, and no read.
    expect(sut.check('AAPL').carriable).toBe(false);

    clock.advance(5_000);
    const apart = sut.check('AAPL');
    expect(apart.carriable).toBe(true);
    await expect(apart.confirm()).resolves.toBe(true);
    expect(l2.generationReads).toBe(1);
  });

  it('shares a reread in flight rather than carrying another', async () => {
    let answer!: (generation: number) => void;
    const first = sut.check('AAPL');
    first.carry(() => new Promise<number>((resolve) => (answer = resolve)));
    const second = sut.check('AAPL');
    expect(second.carriable).toBe(false);
    const confirmed = second.confirm();
    answer(1);
    await expect(confirmed).resolves.toBe(false);
    expect(second.assumed).toBe(1);
    expect(l2.generationReads).toBe(0);
  });

  it('keeps the last known generation when the read carrying it fails', async () => {
    const check = sut.check('AAPL');
    check.carry(() => Promise.reject(new Error('L2 down')));
    await expect(check.confirm()).resolves.toBe(true);
    expect(check.assumed).toBe(0);
  });

  it('begins the reread at once when L1 reads leave the process', async () => {
    const tiered = new TickerGenerations(l2, clock, {
      provider: undefined as never,
      l1: { invalidationCheckMs: 5_000, shared: new Map() as never },
      l2: { backend: 'embedded', tableName: 't' },
    });
    const check = tiered.check('AAPL');
    expect(l2.generationReads).toBe(1);
    expect(check.carriable).toBe(false);
    await expect(check.confirm()).resolves.toBe(true);
  });

  describe('with an invalidation bus', () => {
    /** Delivers what one instance publishes to every subscribed one, at once. */
    class FakeInvalidationBus implements InvalidationBus {
      readonly published: [string, number][] = [];
      private readonly listeners: InvalidationListener[] = [];

      publish(ticker: string, generation: number): Promise<void> {
        this.published.push([ticker, generation]);
        for (const listener of this.listeners) listener(ticker, generation);
        return Promise.resolve();
      }

      subscribe(listener: InvalidationListener): Promise<void> {
        this.listeners.push(listener);
        return Promise.resolve();
      }
    }

    const instance = (bus: InvalidationBus) =>
      new TickerGenerations(l2, clock, {
        provider: undefined as never,
        l1: { invalidationCheckMs: 60_000 },
        l2: { backend: 'embedded', tableName: 't' },
        invalidationBus: bus,
      });

    it('publishes a bump, and another instance adopts it before its next check', async () => {
      const bus = new FakeInvalidationBus();
      const [a, b] = [instance(bus), instance(bus)];
      await Promise.all([a.onModuleInit(), b.onModuleInit()]);
      await b.current('AAPL');

      await a.bump('AAPL');

      expect(bus.published).toEqual([['AAPL', 1]]);
      expect(b.peek('AAPL')).toBe(1);
      expect(l2.generationReads).toBe(1);
    });

    it('never goes back to an older generation a late message carries', async () => {
      const bus = new FakeInvalidationBus();
      const b = instance(bus);
      await b.onModuleInit();
      l2.generations.set('AAPL', 5);
      await b.current('AAPL');

      await bus.publish('AAPL', 4);

      expect(b.peek('AAPL')).toBe(5);
    });
  });
});
