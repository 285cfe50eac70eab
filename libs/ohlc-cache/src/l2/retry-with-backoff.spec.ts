import type { BackoffPolicy } from '../ohlc-cache.options';
import { DEFAULT_BACKOFF, retryLeftovers } from './retry-with-backoff';

type Batch = readonly string[];

const isDone = (pending: Batch): boolean => pending.length === 0;

/**
 * A batch writer that leaves over what its script says, one entry per call
 * (the last entry repeats), and notes what it was given and when.
 */
class ScriptedBatch {
  readonly calls: Batch[] = [];
  readonly calledAt: number[] = [];

  constructor(private readonly leftovers: readonly Batch[]) {}

  readonly attempt = (pending: Batch): Promise<Batch> => {
    this.calls.push(pending);
    this.calledAt.push(Date.now());
    const left = this.leftovers[Math.min(this.calls.length, this.leftovers.length) - 1];
    return Promise.resolve(left);
  };

  /** Milliseconds waited before each retry. */
  delays(): number[] {
    return this.calledAt.slice(1).map((t, i) => t - this.calledAt[i]);
  }
}

const policy = (overrides: Partial<BackoffPolicy> = {}): BackoffPolicy => ({
  maxAttempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 300,
  ...overrides,
});

describe('retryLeftovers', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  const run = async (
    pending: Batch,
    batch: ScriptedBatch,
    backoff: BackoffPolicy = policy(),
  ): Promise<Batch> => {
    const sut = retryLeftovers(pending, isDone, batch.attempt, backoff);
    await jest.runAllTimersAsync();
    return sut;
  };

  it('returns at once when nothing is pending', async () => {
    const batch = new ScriptedBatch([['never']]);

    const sut = retryLeftovers([], isDone, batch.attempt, policy());

    expect(jest.getTimerCount()).toBe(0);
    await expect(sut).resolves.toEqual([]);
    expect(batch.calls).toEqual([]);
  });

  it('makes the first attempt without waiting', async () => {
    const batch = new ScriptedBatch([[]]);

    const sut = retryLeftovers(['a'], isDone, batch.attempt, policy());

    expect(batch.calls).toEqual([['a']]);
    await expect(sut).resolves.toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('retries only the leftovers until none are left', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const batch = new ScriptedBatch([['b', 'c'], ['c'], []]);

    await expect(run(['a', 'b', 'c'], batch)).resolves.toEqual([]);

    expect(batch.calls).toEqual([['a', 'b', 'c'], ['b', 'c'], ['c']]);
  });

  it('stops after maxAttempts, the first included, and returns what is left', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const batch = new ScriptedBatch([['b', 'c'], ['c']]);

    await expect(run(['a', 'b', 'c'], batch, policy({ maxAttempts: 3 }))).resolves.toEqual(['c']);

    expect(batch.calls).toEqual([['a', 'b', 'c'], ['b', 'c'], ['c']]);
  });

  it('does not retry when only one attempt is allowed', async () => {
    const batch = new ScriptedBatch([['b']]);

    await expect(run(['a', 'b'], batch, policy({ maxAttempts: 1 }))).resolves.toEqual(['b']);

    expect(batch.calls).toHaveLength(1);
  });

  it('waits the random share of a ceiling that doubles up to maxDelayMs', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const batch = new ScriptedBatch([['a']]);

    await run(['a'], batch, policy({ maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 300 }));

    // Ceilings 100, 200, 400 -> 300, 800 -> 300; half of each.
    expect(batch.delays()).toEqual([50, 100, 150, 150]);
  });

  it('does not retry before the delay is over', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const batch = new ScriptedBatch([['a'], []]);

    const sut = retryLeftovers(['a'], isDone, batch.attempt, policy({ baseDelayMs: 100 }));

    await jest.advanceTimersByTimeAsync(49);
    expect(batch.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(batch.calls).toHaveLength(2);
    await expect(sut).resolves.toEqual([]);
  });

  it('never waits longer than the ceiling', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.999999);
    const batch = new ScriptedBatch([['a']]);

    await run(['a'], batch, policy({ maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 300 }));

    const ceilings = [100, 200, 300, 300, 300];
    const delays = batch.delays();
    expect(delays).toHaveLength(ceilings.length);
    delays.forEach((delay, i) => {
      expect(delay).toBeLessThanOrEqual(ceilings[i]);
      expect(delay).toBeGreaterThanOrEqual(ceilings[i] - 1);
    });
  });

  it('jitters down to no wait at all', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const batch = new ScriptedBatch([['a']]);

    await run(['a'], batch, policy({ maxAttempts: 4 }));

    expect(batch.delays()).toEqual([0, 0, 0]);
  });

  it('gives up within the summed ceilings of the default policy', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.999999);
    const batch = new ScriptedBatch([['a']]);

    await expect(run(['a'], batch, DEFAULT_BACKOFF)).resolves.toEqual(['a']);

    expect(batch.calls).toHaveLength(6);
    // 50 + 100 + 200 + 400 + 800 ms at most.
    expect(Date.now()).toBeLessThanOrEqual(1_550);
  });

  it('propagates an attempt that throws, without trying again', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const failure = new Error('ProvisionedThroughputExceededException');
    let calls = 0;
    const attempt = (pending: Batch): Promise<Batch> => {
      calls++;
      return calls === 1 ? Promise.resolve(pending.slice(1)) : Promise.reject(failure);
    };

    const sut = retryLeftovers(['a', 'b'], isDone, attempt, policy());
    const rejected = expect(sut).rejects.toBe(failure);
    await jest.runAllTimersAsync();

    await rejected;
    expect(calls).toBe(2);
  });
});
