import { Logger } from '@nestjs/common';
import { CacheStoreError, type SeriesKey } from '@app/ohlc-core';
import type { CacheWrite } from '../ohlc-cache.port';
import { FakeCacheStore, makeCandles } from '../testing';
import { WriteReplayQueue } from './write-replay-queue';
import type { WriteReplayOptions } from '../ohlc-cache.options';

const DAY = 86_400_000;
const FROM = Date.parse('2025-12-01T00:00:00Z');
const series: SeriesKey = { ticker: 'AAPL', resolution: 'D', source: 'demo' };
const other: SeriesKey = { ...series, ticker: 'MSFT' };
const outage = new CacheStoreError('L2 write failed: connect ECONNREFUSED');

/** A write of `count` daily candles from day `day`, covering them. */
function write(day: number, count: number): CacheWrite {
  const from = FROM + day * DAY;
  return { candles: makeCandles(from, DAY, count), covered: [{ from, to: from + count * DAY }] };
}

describe(WriteReplayQueue.name, () => {
  let l2: FakeCacheStore;
  let errors: string[];

  const queue = (replay: Partial<WriteReplayOptions> = {}) =>
    new WriteReplayQueue(l2, {
      provider: { name: 'demo', resolutions: ['D'], fetchCandles: () => Promise.resolve([]) },
      l2: {
        backend: 'embedded',
        tableName: 't',
        replay: { baseDelayMs: 100, maxDelayMs: 400, drainTimeoutMs: 1_000, ...replay },
      },
    });

  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    // Every delay is its ceiling: the schedule below is exact.
    jest.spyOn(Math, 'random').mockReturnValue(1);
    l2 = new FakeCacheStore();
    l2.failWrites = outage;
    errors = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      errors.push(String(message));
    });
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('writes refused writes again, oldest first, once L2 accepts them', async () => {
    const sut = queue();
    const [a, b, c] = [write(0, 2), write(2, 3), write(0, 1)];
    sut.enqueue(series, a);
    sut.enqueue(other, b);
    sut.enqueue(series, c);
    await jest.advanceTimersByTimeAsync(250);
    expect(l2.candles).toEqual([]);

    l2.failWrites = undefined;
    await jest.advanceTimersByTimeAsync(1_000);

    // Each write whole (candles, then their coverage, in one L2 write), in the order they failed.
    expect(l2.writes.slice(-3)).toEqual([a, b, c]);
    expect(sut.stats()).toEqual({
      pending: { writes: 0, candles: 0, bytes: 0 },
      replayed: { writes: 3, candles: 6 },
      lost: {
        overflow: { writes: 0, candles: 0 },
        rejected: { writes: 0, candles: 0 },
        shutdown: { writes: 0, candles: 0 },
      },
    });
  });

  it('waits longer after each refusal, up to the longest delay, and never gives up', async () => {
    const sut = queue();
    sut.enqueue(series, write(0, 1));
    const attemptsAt: number[] = [];
    const writeOnce = l2.write.bind(l2);
    l2.write = (s, w) => {
      attemptsAt.push(Date.now());
      return writeOnce(s, w);
    };

    await jest.advanceTimersByTimeAsync(10_000);

    // Delay ceilings 100, 200, 400, then capped at 400 ms.
    expect(attemptsAt.slice(0, 5)).toEqual([100, 300, 700, 1100, 1500]);
    expect(sut.stats().pending.writes).toBe(1);
  });

  it('drops and counts a write that would pass the candle bound', () => {
    const sut = queue({ maxCandles: 5 });

    expect(sut.enqueue(series, write(0, 3))).toBe(true);
    expect(sut.enqueue(series, write(3, 3))).toBe(false);

    expect(sut.stats().pending).toMatchObject({ writes: 1, candles: 3 });
    expect(sut.stats().lost.overflow).toEqual({ writes: 1, candles: 3 });
    expect(errors).toEqual([expect.stringContaining('Replay queue full (3 candles')] as unknown[]);
  });

  it('drops and counts a write that would pass the byte bound', () => {
    const first = write(0, 2);
    const firstBytes = Buffer.byteLength(JSON.stringify({ series, write: first }));
    const sut = queue({ maxBytes: firstBytes + 100 });

    expect(sut.enqueue(series, first)).toBe(true);
    expect(sut.enqueue(series, write(2, 4))).toBe(false);

    expect(sut.stats().pending.bytes).toBe(firstBytes);
    expect(sut.stats().lost.overflow).toEqual({ writes: 1, candles: 4 });
  });

  it('drops a write L2 refuses for good and goes on with the next', async () => {
    const sut = queue();
    const invalid = Object.assign(new Error('Item size has exceeded the maximum'), {
      name: 'ValidationException',
    });
    l2.failWrites = new CacheStoreError('L2 write failed', { cause: invalid });
    sut.enqueue(series, write(0, 2));
    await jest.advanceTimersByTimeAsync(150);
    l2.failWrites = undefined;
    sut.enqueue(series, write(2, 1));

    await jest.advanceTimersByTimeAsync(1_000);

    expect(sut.stats().lost.rejected).toEqual({ writes: 1, candles: 2 });
    expect(sut.stats().replayed).toEqual({ writes: 1, candles: 1 });
    expect(errors).toEqual([expect.stringContaining('for good; dropped')] as unknown[]);
  });

  describe('drain (shutdown)', () => {
    it('writes everything L2 accepts before the deadline', async () => {
      const sut = queue();
      sut.enqueue(series, write(0, 2));
      sut.enqueue(other, write(0, 3));
      l2.failWrites = undefined;

      await sut.drain();

      expect(sut.stats().pending.writes).toBe(0);
      expect(sut.stats().replayed).toEqual({ writes: 2, candles: 5 });
      expect(errors).toEqual([]);
    });

    it('keeps trying until L2 comes back within the deadline', async () => {
      const sut = queue();
      sut.enqueue(series, write(0, 2));

      const drained = sut.drain();
      await jest.advanceTimersByTimeAsync(500);
      l2.failWrites = undefined;
      await jest.advanceTimersByTimeAsync(400);
      await drained;

      expect(sut.stats().replayed).toEqual({ writes: 1, candles: 2 });
    });

    it('logs and counts what it could not write by the deadline', async () => {
      const sut = queue();
      sut.enqueue(series, write(0, 2));
      sut.enqueue(other, write(0, 3));

      const drained = sut.drain();
      await jest.advanceTimersByTimeAsync(1_500);
      await drained;

      expect(sut.stats().lost.shutdown).toEqual({ writes: 2, candles: 5 });
      expect(sut.stats().pending).toEqual({ writes: 0, candles: 0, bytes: 0 });
      expect(errors).toEqual([
        'Shutdown: 2 L2 writes (5 candles of 2 series) could not be written within 1000 ms ' +
          'and are lost; they will be fetched again',
      ]);
    });

    it('stops replaying in the background', async () => {
      const sut = queue();
      await sut.drain();
      l2.failWrites = undefined;

      sut.enqueue(series, write(0, 1));
      await jest.advanceTimersByTimeAsync(5_000);

      expect(l2.writes).toEqual([]);
    });
  });
});
