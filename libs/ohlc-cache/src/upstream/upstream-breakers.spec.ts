import {
  ProviderCircuitOpenError,
  ProviderPlanError,
  ProviderUnavailableError,
  RateLimitedError,
} from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { makeCandles, ScriptedProvider } from '../testing';
import { UpstreamBreakers } from './upstream-breakers';

const DAY = 86_400_000;
const FROM = Date.parse('2025-12-01T00:00:00Z');
const RANGE = { from: FROM, to: FROM + 5 * DAY };
const down = new ProviderUnavailableError('scripted', 'HTTP 502');

describe(UpstreamBreakers.name, () => {
  let clock: FixedClock;
  let provider: ScriptedProvider;
  let sut: UpstreamBreakers;

  const fetch = (wrapped: ReturnType<UpstreamBreakers['wrap']>) =>
    wrapped.fetchCandles('AAPL', 'D', RANGE);
  const failure = async (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => {
        throw new Error('expected a rejection');
      },
      (error: unknown) => error,
    );

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    clock = new FixedClock('2025-12-06T15:00:00Z');
    provider = new ScriptedProvider(makeCandles(FROM, DAY, 5));
    sut = new UpstreamBreakers(
      {
        provider,
        l2: { backend: 'embedded', tableName: 't' },
        breaker: { failures: 3, halfOpenAfterMs: 10_000 },
      },
      clock,
    );
  });

  afterEach(() => jest.useRealTimers());

  it('passes calls through and keeps everything else of the provider', async () => {
    const wrapped = sut.wrap(provider);

    await expect(fetch(wrapped)).resolves.toHaveLength(5);
    expect(wrapped).toMatchObject({ name: 'scripted', resolutions: provider.resolutions });
    expect(sut.states()).toEqual(new Map([['scripted', 'closed']]));
  });

  it('opens after the configured failures in a row and then stops calling', async () => {
    const wrapped = sut.wrap(provider);
    provider.failWith = down;
    for (let i = 0; i < 3; i++) expect(await failure(fetch(wrapped))).toBe(down);
    jest.advanceTimersByTime(4_000);

    const refused = await failure(fetch(wrapped));

    expect(refused).toBeInstanceOf(ProviderCircuitOpenError);
    expect(refused).toBeInstanceOf(ProviderUnavailableError);
    // The rest of the pause, told in the cache's clock.
    expect(refused).toMatchObject({ provider: 'scripted', retryAt: clock.now() + 6_000 });
    expect(provider.calls).toHaveLength(3);
    expect(sut.states().get('scripted')).toBe('open');
  });

  it('counts only outages: rate limits and plan refusals leave it closed', async () => {
    const wrapped = sut.wrap(provider);
    for (const error of [
      new RateLimitedError('scripted', 0),
      new ProviderPlanError('scripted', 'candles'),
      new RateLimitedError('scripted', 0),
      new ProviderPlanError('scripted', 'candles'),
    ]) {
      provider.failWith = error;
      await failure(fetch(wrapped));
    }

    expect(sut.states().get('scripted')).toBe('closed');
    expect(provider.calls).toHaveLength(4);
  });

  it('lets one probe through after the pause and closes when it succeeds', async () => {
    const wrapped = sut.wrap(provider);
    provider.failWith = down;
    for (let i = 0; i < 3; i++) await failure(fetch(wrapped));
    provider.failWith = undefined;
    jest.advanceTimersByTime(10_000);

    await expect(fetch(wrapped)).resolves.toHaveLength(5);

    expect(provider.calls).toHaveLength(4);
    expect(sut.states().get('scripted')).toBe('closed');
  });

  it('opens again at once when the probe fails', async () => {
    const wrapped = sut.wrap(provider);
    provider.failWith = down;
    for (let i = 0; i < 3; i++) await failure(fetch(wrapped));
    jest.advanceTimersByTime(10_000);

    expect(await failure(fetch(wrapped))).toBe(down);
    expect(await failure(fetch(wrapped))).toBeInstanceOf(ProviderCircuitOpenError);

    expect(provider.calls).toHaveLength(4);
    expect(sut.states().get('scripted')).toBe('open');
  });
});
