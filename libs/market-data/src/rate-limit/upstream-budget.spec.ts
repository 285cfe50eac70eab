import { RateLimitedError } from '@app/ohlc-core';
import { ManualClock } from '../testing/manual-clock';
import { UpstreamBudget } from './upstream-budget';

const T0 = Date.UTC(2025, 11, 26, 15, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function rejectionOf(fn: () => void): RateLimitedError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RateLimitedError) return error;
    throw error;
  }
  throw new Error('expected a RateLimitedError');
}

describe(UpstreamBudget.name, () => {
  let clock: ManualClock;

  beforeEach(() => {
    clock = new ManualClock(T0);
  });

  it('hands out the window limit, then refuses with the instant the oldest slot frees', () => {
    const sut = new UpstreamBudget({
      provider: 'tiingo',
      windows: [{ limit: 3, windowMs: MINUTE }],
      now: clock.now,
    });
    sut.tryAcquire();
    clock.advance(1000);
    sut.tryAcquire();
    sut.tryAcquire();

    const refusal = rejectionOf(() => sut.tryAcquire());

    expect(refusal.provider).toBe('tiingo');
    expect(refusal.retryAt).toBe(T0 + MINUTE);
  });

  it('slides: a slot is free again once its request left the window', () => {
    const sut = new UpstreamBudget({
      provider: 'p',
      windows: [{ limit: 1, windowMs: MINUTE }],
      now: clock.now,
    });
    sut.tryAcquire();
    clock.advance(MINUTE - 1);
    expect(() => sut.tryAcquire()).toThrow(RateLimitedError);

    clock.advance(1);

    expect(() => sut.tryAcquire()).not.toThrow();
  });

  it('needs room in every window and reports the latest instant one frees', () => {
    const sut = new UpstreamBudget({
      provider: 'p',
      windows: [
        { limit: 2, windowMs: MINUTE },
        { limit: 3, windowMs: HOUR },
      ],
      now: clock.now,
    });
    sut.tryAcquire();
    sut.tryAcquire();
    expect(rejectionOf(() => sut.tryAcquire()).retryAt).toBe(T0 + MINUTE);
    clock.advance(MINUTE);
    sut.tryAcquire();

    const refusal = rejectionOf(() => sut.tryAcquire());

    expect(refusal.retryAt).toBe(T0 + HOUR);
  });

  it('does not spend a slot when it refuses', () => {
    const sut = new UpstreamBudget({
      provider: 'p',
      windows: [
        { limit: 1, windowMs: MINUTE },
        { limit: 2, windowMs: HOUR },
      ],
      now: clock.now,
    });
    sut.tryAcquire();
    expect(() => sut.tryAcquire()).toThrow(RateLimitedError);
    clock.advance(MINUTE);

    expect(() => sut.tryAcquire()).not.toThrow();
  });

  it('refuses everything until a recorded block has passed, even with free slots', () => {
    const sut = new UpstreamBudget({
      provider: 'p',
      windows: [{ limit: 100, windowMs: MINUTE }],
      now: clock.now,
    });
    sut.blockUntil(T0 + 30_000);
    sut.blockUntil(T0 + 10_000);

    expect(rejectionOf(() => sut.tryAcquire()).retryAt).toBe(T0 + 30_000);
    clock.advance(30_000);
    expect(() => sut.tryAcquire()).not.toThrow();
  });

  it('allows anything with no windows', () => {
    const sut = new UpstreamBudget({ provider: 'p', windows: [], now: clock.now });

    for (let i = 0; i < 1000; i++) sut.tryAcquire();
  });

  it.each([
    { limit: 0, windowMs: MINUTE },
    { limit: 1.5, windowMs: MINUTE },
    { limit: 1, windowMs: 0 },
  ])('rejects the nonsensical window %j', (window) => {
    expect(() => new UpstreamBudget({ provider: 'p', windows: [window], now: clock.now })).toThrow(
      RangeError,
    );
  });
});
