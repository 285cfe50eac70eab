import { CorsPolicy } from './cors-policy';

describe(CorsPolicy.name, () => {
  const sut = new CorsPolicy(['https://dash.example.com']);

  it('grants a configured origin with credentials and the readable headers', () => {
    expect(sut.headersFor('https://dash.example.com')).toEqual({
      vary: 'Origin',
      'access-control-allow-origin': 'https://dash.example.com',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers':
        'X-Cache-Source, X-Cache-Age, X-Cache-Error, X-Cache-Write-Error, X-Cache-Partial, Retry-After, X-Request-Id',
    });
  });

  it.each([
    ['another origin', 'https://evil.example.com'],
    ['no origin', undefined],
    ['a prefix of a configured one', 'https://dash.example'],
  ])('grants nothing to %s, and still varies on Origin', (_name, origin) => {
    expect(sut.headersFor(origin)).toEqual({ vary: 'Origin' });
  });

  it('gives @fastify/cors the same decision', () => {
    const { origin } = sut.options as {
      origin: (origin: string | undefined, grant: (e: null, o: string | false) => void) => void;
    };
    const decide = (asked: string | undefined) => {
      let granted: string | false | undefined;
      origin(asked, (_error, value) => (granted = value));
      return granted;
    };
    expect(decide('https://dash.example.com')).toBe('https://dash.example.com');
    expect(decide('https://evil.example.com')).toBe(false);
    expect(decide(undefined)).toBe(false);
  });
});
