import { FillRefusedError } from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { ScriptedProvider } from '../testing';
import type { FillAdmissionOptions } from '../ohlc-cache.options';
import { FillAdmission } from './fill-admission';

describe(FillAdmission.name, () => {
  let clock: FixedClock;
  const admission = (fills: FillAdmissionOptions) =>
    new FillAdmission(
      { provider: new ScriptedProvider(), l2: { tableName: 't', backend: 'embedded' }, fills },
      clock,
    );
  const refusal = (run: () => unknown): FillRefusedError => {
    try {
      run();
    } catch (error) {
      if (error instanceof FillRefusedError) return error;
      throw error;
    }
    throw new Error('admitted');
  };

  beforeEach(() => (clock = new FixedClock('2025-12-08T15:00:00Z')));

  it('holds one client to its share while others still find room', () => {
    const sut = admission({ maxConcurrent: 4 });
    sut.admit('flood');
    sut.admit('flood');
    const refused = refusal(() => sut.admit('flood'));
    expect(refused.scope).toBe('client');
    expect(refused.retryAt).toBeGreaterThan(clock.now());
    expect(() => sut.admit('other')).not.toThrow();
    expect(sut.inFlight).toBe(3);
  });

  it('refuses every client once the instance runs its bound, and admits again as fills end', () => {
    const sut = admission({ maxConcurrent: 2, maxPerClient: 2 });
    const release = sut.admit('a');
    sut.admit(undefined);
    expect(refusal(() => sut.admit('b')).scope).toBe('instance');
    release();
    release(); // a second call frees nothing more
    expect(() => sut.admit('b')).not.toThrow();
    expect(refusal(() => sut.admit(undefined)).scope).toBe('instance');
  });

  it('holds a client to its starts per minute, until the minute ends', () => {
    const sut = admission({ maxConcurrent: 10, maxPerClientPerMinute: 2 });
    sut.admit('a')();
    sut.admit('a')();
    const refused = refusal(() => sut.admit('a'));
    expect(refused.retryAt).toBe(clock.now() + 60_000);
    clock.advance(60_000);
    expect(() => sut.admit('a')).not.toThrow();
  });

  it('bounds a query without a client by the instance only', () => {
    const sut = admission({ maxConcurrent: 3, maxPerClient: 1, maxPerClientPerMinute: 1 });
    sut.admit(undefined);
    sut.admit(undefined);
    expect(() => sut.admit(undefined)).not.toThrow();
  });

  it("holds a client to half of each provider's budget window while others still find room", () => {
    const sut = admission({ maxConcurrent: 10, maxPerClient: 10 });
    const tiingo = { name: 'tiingo', budget: [{ limit: 50, windowMs: 3_600_000 }] };
    for (let i = 0; i < 25; i++) sut.admit('a', tiingo)();
    const refused = refusal(() => sut.admit('a', tiingo));
    expect(refused.message).toContain("of tiingo's budget of 50 per 3600 s (at most 25)");
    expect(refused.retryAt).toBe(clock.now() + 3_600_000);
    expect(() => sut.admit('b', tiingo)).not.toThrow();
    // Another provider's budget is its own.
    expect(() =>
      sut.admit('a', { name: 'finnhub', budget: [{ limit: 60, windowMs: 60_000 }] }),
    ).not.toThrow();
  });
});
