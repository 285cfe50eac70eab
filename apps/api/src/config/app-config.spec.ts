import { loadAppConfig } from './app-config';

describe(loadAppConfig.name, () => {
  it('defaults to loopback, no keys and the default limits', () => {
    const sut = loadAppConfig({});
    expect(sut).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      corsOrigins: [],
      apiKeys: [],
      authDisabled: false,
      rateLimitPerMinute: 600,
      logLevel: 'info',
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

  it('reads the log level case-insensitively', () => {
    expect(loadAppConfig({ LOG_LEVEL: 'Silent' }).logLevel).toBe('silent');
  });

  it.each([
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info'],
    [{ PORT: 'eighty' }, 'PORT must be a whole number >= 0, got "eighty"'],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE must be a whole number >= 1, got "0"'],
    [{ AUTH_DISABLED: 'yes' }, 'AUTH_DISABLED must be one of true, false, got "yes"'],
  ])('stops the start on %j', (env, message) => {
    expect(() => loadAppConfig(env)).toThrow(message);
  });
});
