import { backoffDelayMs, sleep } from './backoff';

describe(backoffDelayMs.name, () => {
  it('doubles the ceiling per retry', () => {
    const almostOne = () => 0.999999;

    expect([0, 1, 2, 3].map((attempt) => backoffDelayMs(attempt, 100, almostOne))).toEqual([
      99, 199, 399, 799,
    ]);
  });

  it('jitters down to zero', () => {
    expect(backoffDelayMs(3, 100, () => 0)).toBe(0);
  });
});

describe(sleep.name, () => {
  it("rejects with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const sut = sleep(60_000, controller.signal);

    controller.abort(reason);

    await expect(sut).rejects.toBe(reason);
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expect(sleep(60_000, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});
