import { loadAppConfig } from './app-config';

describe(loadAppConfig.name, () => {
  it('defaults to the embedded store and the demo provider on loopback', () => {
    const sut = loadAppConfig({});
    expect(sut).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      l2Backend: 'embedded',
      embeddedDynamoDbPath: './data/dynamodb',
      tableName: 'local-ohlc-cache',
      createTable: false,
      provider: 'demo',
      fallbacks: [],
      demoLatencyMs: 400,
      corsOrigins: [],
      apiKeys: [],
      authDisabled: false,
      rateLimitPerMinute: 600,
    });
  });

  it('refuses to run open on a non-loopback host, unless authentication is disabled', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) {
      expect(loadAppConfig({ HOST: host }).apiKeys).toEqual([]);
    }
    expect(() => loadAppConfig({ HOST: '0.0.0.0' })).toThrow(
      'Refusing to start: HOST=0.0.0.0 accepts connections from other machines',
    );
    expect(loadAppConfig({ HOST: '0.0.0.0', AUTH_DISABLED: 'true' }).authDisabled).toBe(true);
    const keyed = loadAppConfig({ HOST: '0.0.0.0', API_KEYS: 'k:user:0123456789abcdef' });
    expect(keyed.apiKeys.map((k) => k.name)).toEqual(['k']);
  });

  it('reads the resilience settings, defaulting to the library defaults', () => {
    expect(loadAppConfig({})).toMatchObject({
      l2TimeoutMs: 3_000,
      l2MaxAttempts: 3,
      replay: { maxCandles: 500_000, maxBytes: 67_108_864, baseDelayMs: 500, maxDelayMs: 5_000 },
      breaker: { failures: 5, halfOpenAfterMs: 30_000 },
      upstreamDeadlineMs: 30_000,
      logLevel: 'info',
    });
    const sut = loadAppConfig({
      L2_TIMEOUT_MS: '500',
      L2_REPLAY_MAX_CANDLES: '10',
      L2_REPLAY_DRAIN_MS: '0',
      UPSTREAM_BREAKER_FAILURES: '2',
      LOG_LEVEL: 'Silent',
    });
    expect(sut).toMatchObject({
      l2TimeoutMs: 500,
      replay: { maxCandles: 10, drainTimeoutMs: 0 },
      breaker: { failures: 2 },
      logLevel: 'silent',
    });
  });

  it.each([
    ['L2_MAX_ATTEMPTS', '0', 'L2_MAX_ATTEMPTS must be a whole number >= 1, got "0"'],
    ['UPSTREAM_BREAKER_FAILURES', '0', 'UPSTREAM_BREAKER_FAILURES must be a whole number >= 1'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info'],
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => loadAppConfig({ [name]: value })).toThrow(message);
  });

  it('picks Tiingo when its key is set, else Finnhub, unless told otherwise', () => {
    expect(loadAppConfig({ TIINGO_API_KEY: 't', FINNHUB_API_KEY: 'f' }).provider).toBe('tiingo');
    expect(loadAppConfig({ FINNHUB_API_KEY: 'f' }).provider).toBe('finnhub');
    expect(loadAppConfig({ TIINGO_API_KEY: 't', OHLC_PROVIDER: 'demo' }).provider).toBe('demo');
  });

  it('reads the fallback order and the upstream budget', () => {
    const sut = loadAppConfig({
      TIINGO_API_KEY: 't',
      FINNHUB_API_KEY: 'f',
      OHLC_PROVIDER_FALLBACKS: 'finnhub, demo',
      TIINGO_RATE_LIMITS: '50/h,1000/d',
    });
    expect(sut.fallbacks).toEqual(['finnhub', 'demo']);
    expect(sut.tiingo.limits).toEqual([
      { limit: 50, windowMs: 3_600_000 },
      { limit: 1000, windowMs: 86_400_000 },
    ]);
    expect(sut.finnhub.limits).toBeUndefined();
  });

  it.each([
    [{ OHLC_PROVIDER: 'tiingo' }, 'Provider tiingo needs TIINGO_API_KEY'],
    [{ OHLC_PROVIDER_FALLBACKS: 'finnhub' }, 'Provider finnhub needs FINNHUB_API_KEY'],
    [{ OHLC_PROVIDER: 'yahoo' }, 'OHLC_PROVIDER must be one of tiingo, finnhub, demo, got "yahoo"'],
    [{ L2_BACKEND: 'redis' }, 'L2_BACKEND must be one of embedded, dynamodb'],
    [{ PORT: 'eighty' }, 'PORT must be a whole number >= 0, got "eighty"'],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE must be a whole number >= 1, got "0"'],
    [{ AUTH_DISABLED: 'yes' }, 'AUTH_DISABLED must be one of true, false, got "yes"'],
    [
      { FINNHUB_API_KEY: 'f', FINNHUB_RATE_LIMITS: '60 per minute' },
      'FINNHUB_RATE_LIMITS must look like',
    ],
  ])('stops the start on %j', (env, message) => {
    expect(() => loadAppConfig(env)).toThrow(message);
  });
});
