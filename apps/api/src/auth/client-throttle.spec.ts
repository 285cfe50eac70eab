import type { Caller } from './api-key.service';
import { ClientThrottle, type Counted } from './client-throttle';
import { FixedWindowThrottlerStorage } from './fixed-window.throttler-storage';

describe(ClientThrottle.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2025-12-06T15:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  const dash: Caller = { kind: 'key', key: { name: 'dash', role: 'user' } };
  const anonymous: Caller = { kind: 'anonymous', reason: 'no key' };
  const headersOf = (verdict: Counted) => ('headers' in verdict ? verdict.headers : undefined);

  it('counts a keyed caller under its key, with the X-RateLimit-* headers', async () => {
    const sut = new ClientThrottle(new FixedWindowThrottlerStorage(), null);
    expect(await sut.count(dash, '10.0.0.1', 2)).toEqual({
      headers: {
        'x-ratelimit-limit': '2',
        'x-ratelimit-remaining': '1',
        'x-ratelimit-reset': '60',
      },
    });
    // Another address, the same key: the same budget.
    expect(headersOf(await sut.count(dash, '10.0.0.2', 2))?.['x-ratelimit-remaining']).toBe('0');
    expect(await sut.count(dash, '10.0.0.1', 2)).toEqual({ retryAfterSeconds: 60 });
    jest.advanceTimersByTime(60_000);
    expect(headersOf(await sut.count(dash, '10.0.0.1', 2))?.['x-ratelimit-remaining']).toBe('1');
  });

  it('counts callers without a key by address', async () => {
    const sut = new ClientThrottle(new FixedWindowThrottlerStorage(), null);
    await sut.count(anonymous, '10.0.0.1', 2);
    await sut.count(anonymous, '10.0.0.1', 2);
    expect(headersOf(await sut.count(anonymous, '10.0.0.1', 2))).toBeUndefined();
    expect(headersOf(await sut.count(anonymous, '10.0.0.2', 2))).toBeDefined();
  });

  it('holds a lower limit of one route against the same budget', async () => {
    const sut = new ClientThrottle(new FixedWindowThrottlerStorage(), null);
    await sut.count(dash, '10.0.0.1', 10);
    await sut.count(dash, '10.0.0.1', 10);
    expect(headersOf(await sut.count(dash, '10.0.0.1', 2))).toBeUndefined();
    expect(headersOf(await sut.count(dash, '10.0.0.1', 10))?.['x-ratelimit-remaining']).toBe('7');
  });
});
