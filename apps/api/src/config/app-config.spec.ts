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
