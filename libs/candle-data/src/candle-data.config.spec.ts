import { loadCandleDataConfig } from './candle-data.config';

describe(loadCandleDataConfig.name, () => {
  it('defaults to the embedded store and the demo provider', () => {
    const sut = loadCandleDataConfig({});
    expect(sut).toMatchObject({
      l2Backend: 'embedded',
      embeddedDynamoDbPath: './data/dynamodb',
      tableName: 'local-ohlc-cache',
      createTable: false,
      provider: 'demo',
      fallbacks: [],
      demoLatencyMs: 400,
    });
  });

  it('reads the resilience settings, defaulting to the library defaults', () => {
    expect(loadCandleDataConfig({})).toMatchObject({
      l2TimeoutMs: 3_000,
      l2MaxAttempts: 3,
      replay: { maxCandles: 500_000, maxBytes: 67_108_864, baseDelayMs: 500, maxDelayMs: 5_000 },
      breaker: { failures: 5, halfOpenAfterMs: 30_000 },
      upstreamDeadlineMs: 30_000,
      refresh: { corporateActionsMs: 21_600_000, unsettledMs: 900_000 },
    });
    const sut = loadCandleDataConfig({
      L2_TIMEOUT_MS: '500',
      L2_REPLAY_MAX_CANDLES: '10',
      L2_REPLAY_DRAIN_MS: '0',
      UPSTREAM_BREAKER_FAILURES: '2',
      CORPORATE_ACTIONS_REFRESH_MS: '60000',
      UNSETTLED_REFRESH_MS: '0',
    });
    expect(sut).toMatchObject({
      l2TimeoutMs: 500,
      replay: { maxCandles: 10, drainTimeoutMs: 0 },
      breaker: { failures: 2 },
      refresh: { corporateActionsMs: 60_000, unsettledMs: 0 },
    });
  });

  it('picks Tiingo when its key is set, else Finnhub, unless told otherwise', () => {
    expect(loadCandleDataConfig({ TIINGO_API_KEY: 't', FINNHUB_API_KEY: 'f' }).provider).toBe(
      'tiingo',
    );
    expect(loadCandleDataConfig({ FINNHUB_API_KEY: 'f' }).provider).toBe('finnhub');
    expect(loadCandleDataConfig({ TIINGO_API_KEY: 't', OHLC_PROVIDER: 'demo' }).provider).toBe(
      'demo',
    );
  });

  it('picks Polygon, then Alpaca (both halves of its key), when only their keys are set', () => {
    expect(loadCandleDataConfig({ POLYGON_API_KEY: 'p', ALPACA_API_KEY_ID: 'a' }).provider).toBe(
      'polygon',
    );
    const alpaca = { ALPACA_API_KEY_ID: 'id', ALPACA_API_SECRET_KEY: 'secret' };
    expect(loadCandleDataConfig(alpaca).provider).toBe('alpaca');
    expect(loadCandleDataConfig({ ALPACA_API_KEY_ID: 'id' }).provider).toBe('demo');
  });

  it('reads Polygon and Alpaca keys, base URLs, budgets and the Alpaca feed', () => {
    const sut = loadCandleDataConfig({
      POLYGON_API_KEY: 'p',
      POLYGON_BASE_URL: 'http://127.0.0.1:9001',
      POLYGON_RATE_LIMITS: '100/m',
      ALPACA_API_KEY_ID: 'id',
      ALPACA_API_SECRET_KEY: 'secret',
      ALPACA_FEED: 'SIP',
      OHLC_PROVIDER_FALLBACKS: 'alpaca',
    });
    expect(sut.polygon).toEqual({
      apiKey: 'p',
      baseUrl: 'http://127.0.0.1:9001',
      limits: [{ limit: 100, windowMs: 60_000 }],
    });
    expect(sut.alpaca).toEqual({
      apiKey: 'id',
      secretKey: 'secret',
      baseUrl: 'https://data.alpaca.markets',
      limits: undefined,
      feed: 'sip',
    });
    expect(sut.fallbacks).toEqual(['alpaca']);
    expect(loadCandleDataConfig({}).polygon.baseUrl).toBe('https://api.polygon.io');
    expect(loadCandleDataConfig({}).alpaca.feed).toBe('iex');
  });

  it('reads the fallback order and the upstream budget', () => {
    const sut = loadCandleDataConfig({
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
    [{ L2_MAX_ATTEMPTS: '0' }, 'L2_MAX_ATTEMPTS must be a whole number >= 1, got "0"'],
    [{ UPSTREAM_BREAKER_FAILURES: '0' }, 'UPSTREAM_BREAKER_FAILURES must be a whole number >= 1'],
    [
      { CORPORATE_ACTIONS_REFRESH_MS: '0' },
      'CORPORATE_ACTIONS_REFRESH_MS must be a whole number >= 1',
    ],
    [{ OHLC_PROVIDER: 'tiingo' }, 'Provider tiingo needs TIINGO_API_KEY'],
    [{ OHLC_PROVIDER_FALLBACKS: 'finnhub' }, 'Provider finnhub needs FINNHUB_API_KEY'],
    [
      { OHLC_PROVIDER: 'yahoo' },
      'OHLC_PROVIDER must be one of tiingo, finnhub, polygon, alpaca, demo, got "yahoo"',
    ],
    [{ OHLC_PROVIDER: 'polygon' }, 'Provider polygon needs POLYGON_API_KEY'],
    [
      { OHLC_PROVIDER_FALLBACKS: 'alpaca', ALPACA_API_KEY_ID: 'id' },
      'Provider alpaca needs ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY',
    ],
    [{ ALPACA_FEED: 'otc' }, 'ALPACA_FEED must be one of iex, sip, got "otc"'],
    [{ L2_BACKEND: 'redis' }, 'L2_BACKEND must be one of embedded, dynamodb'],
    [
      { FINNHUB_API_KEY: 'f', FINNHUB_RATE_LIMITS: '60 per minute' },
      'FINNHUB_RATE_LIMITS must look like',
    ],
  ])('stops the start on %j', (env, message) => {
    expect(() => loadCandleDataConfig(env)).toThrow(message);
  });
});
