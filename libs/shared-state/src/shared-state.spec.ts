import { setTimeout as sleep } from 'node:timers/promises';
import { SharedState } from './shared-state';
import { REDIS_SKIP_NOTICE, RedisServer, redisMustRun } from './testing';

// Against a real redis-server; skipped with a notice where there is none (CI requires it).
const describeWithRedis = redisMustRun() ? describe : describe.skip;
if (!redisMustRun()) process.stderr.write(`\n${REDIS_SKIP_NOTICE}\n\n`);

/** Polls `condition` every 25 ms for at most `ms`. */
async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

describeWithRedis(SharedState.name, () => {
  let server: RedisServer;
  let sut: SharedState;

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  beforeEach(async () => {
    sut = await SharedState.open({ url: server.url, commandTimeoutMs: 200, probeMs: 50 });
  });
  afterEach(() => sut.close());
  afterAll(() => server.stop());

  it('counts one window per key for every client of the server', async () => {
    const other = await SharedState.open({ url: server.url });
    try {
      const key = `count-${Date.now()}`;
      const counts = [
        await sut.counters.increment(key, 60_000),
        await other.counters.increment(key, 60_000),
        await sut.counters.increment(key, 60_000),
      ];
      expect(counts.map((c) => c?.count)).toEqual([1, 2, 3]);
      expect(counts[2]?.msToReset).toBeGreaterThan(50_000);
      expect(counts[2]?.msToReset).toBeLessThanOrEqual(60_000);
    } finally {
      other.close();
    }
  });

  it('starts a new window once the last one expired', async () => {
    const key = `window-${Date.now()}`;
    await sut.counters.increment(key, 100);
    await sleep(150);
    expect((await sut.counters.increment(key, 100))?.count).toBe(1);
  });

  it('delivers a published invalidation to every subscriber', async () => {
    const other = await SharedState.open({ url: server.url });
    const heard: [string, number][] = [];
    try {
      await other.invalidations.subscribe((ticker, generation) => heard.push([ticker, generation]));
      await sut.invalidations.publish('AAPL', 4);
      await until(() => heard.length === 1);
      expect(heard).toEqual([['AAPL', 4]]);
    } finally {
      other.close();
    }
  });

  it('stores strings for the shared L1 tier, reads several at once, misses what it lacks', async () => {
    await sut.l1Store.set('a', 'first');
    await sut.l1Store.set('b', 'second');
    expect(await sut.l1Store.getMany(['a', 'missing', 'b'])).toEqual([
      'first',
      undefined,
      'second',
    ]);
    expect(await sut.l1Store.delete('a')).toBe(true);
    expect(await sut.l1Store.get('a')).toBeUndefined();
  });

  it('falls back at once while the server is down, counts the transitions, and recovers', async () => {
    await server.kill();
    // The first command after the crash fails and marks the server down; the next ones do not wait.
    expect(await sut.counters.increment('down', 60_000)).toBeUndefined();
    await until(() => !sut.status.up);
    expect(await sut.l1Store.get('anything')).toBeUndefined();
    expect(await sut.counters.increment('down', 60_000)).toBeUndefined();
    expect(sut.status.transitions).toEqual({ down: 1, up: 0 });

    await server.restart();
    await until(() => sut.status.up);
    expect(sut.status.transitions).toEqual({ down: 1, up: 1 });
    expect((await sut.counters.increment(`after-${Date.now()}`, 60_000))?.count).toBe(1);
  });
});
