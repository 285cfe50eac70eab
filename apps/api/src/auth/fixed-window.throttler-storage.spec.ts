import { FixedWindowThrottlerStorage } from './fixed-window.throttler-storage';

describe(FixedWindowThrottlerStorage.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2025-12-06T15:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('counts a client up to its limit, refuses it until the window closes, then starts again', () => {
    const sut = new FixedWindowThrottlerStorage();
    const hit = () => sut.take('key:a', 60_000, 2);
    expect(hit()).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    expect(hit().isBlocked).toBe(false);
    jest.advanceTimersByTime(20_500);
    expect(hit()).toEqual({
      totalHits: 3,
      timeToExpire: 40,
      isBlocked: true,
      timeToBlockExpire: 40,
    });
    expect(sut.take('key:b', 60_000, 2).isBlocked).toBe(false);
    jest.advanceTimersByTime(39_500);
    expect(hit()).toMatchObject({ totalHits: 1, isBlocked: false, timeToExpire: 60 });
  });

  it('keeps one counter per client and window, however many requests came', () => {
    const sut = new FixedWindowThrottlerStorage();
    for (let i = 0; i < 10_000; i++) sut.take('key:a', 60_000, 1_000_000);
    expect(sut.take('key:a', 60_000, 1_000_000).totalHits).toBe(10_001);
  });
});
