import { resolveEnvironmentName } from './environment-name';

describe(resolveEnvironmentName.name, () => {
  const sut = resolveEnvironmentName;

  it('prefers the context value', () => {
    expect(sut('prod', { OHLC_ENVIRONMENT: 'staging' })).toBe('prod');
  });

  it('falls back to OHLC_ENVIRONMENT', () => {
    expect(sut(undefined, { OHLC_ENVIRONMENT: 'staging' })).toBe('staging');
  });

  it('defaults to dev', () => {
    expect(sut(undefined, {})).toBe('dev');
    expect(sut('', { OHLC_ENVIRONMENT: '' })).toBe('dev');
  });

  it.each(['Prod', 'prod_1', '1prod', 'a'.repeat(33), 'prod ohlc'])('rejects %p', (name) => {
    expect(() => sut(name, {})).toThrow(/Invalid environment name/);
  });

  it('rejects a non-string context value', () => {
    expect(() => sut(42, {})).toThrow(/must be a string/);
  });
});
