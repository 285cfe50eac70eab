import { loadAppConfig } from '../config/app-config';
import type { Caller } from './api-key.service';
import { ClientThrottle } from './client-throttle';
import { FixedWindowThrottlerStorage } from './fixed-window.throttler-storage';

describe(ClientThrottle.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2025-12-06T15:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  const dash: Caller = { kind: 'key', key: { name: 'dash', role: 'user' } };
  const anonymous: Caller = { kind: 'anonymous', reason: 'no key' };
  const create = (limit: number) => {
    const storage = new FixedWindowThrottlerStorage();
    const config = loadAppConfig({ RATE_LIMIT_PER_MINUTE: String(limit) });
    return { storage, sut: new ClientThrottle(storage, config) };
  };

  it('counts a keyed caller under its key, with the headers ThrottlerGuard sends', () => {
    const { sut } = create(2);
    expect(sut.take(dash, '10.0.0.1')).toEqual({
      'x-ratelimit-limit': '2',
      'x-ratelimit-remaining': '1',
      'x-ratelimit-reset': '60',
    });
    // Another address, the same key: the same budget.
    expect(sut.take(dash, '10.0.0.2')?.['x-ratelimit-remaining']).toBe('0');
    expect(sut.take(dash, '10.0.0.1')).toBeUndefined();
    jest.advanceTimersByTime(60_000);
    expect(sut.take(dash, '10.0.0.1')?.['x-ratelimit-remaining']).toBe('1');
  });

  it('counts callers without a key by address, in the storage the guard counts in', () => {
    const { sut, storage } = create(2);
    sut.take(anonymous, '10.0.0.1');
    // What ClientThrottlerGuard would count for the same address: its key is `default:ip:…`.
    const guardKey = ClientThrottle.keyOf(
      'default',
      ClientThrottle.trackerOf(anonymous, '10.0.0.1'),
    );
    expect(storage.take(guardKey, 60_000, 2).isBlocked).toBe(false);
    expect(sut.take(anonymous, '10.0.0.1')).toBeUndefined();
    expect(sut.take(anonymous, '10.0.0.2')).toBeDefined();
  });
});
