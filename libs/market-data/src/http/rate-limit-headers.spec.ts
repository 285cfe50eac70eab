import { exhaustedUntil, readRateLimitHeaders } from './rate-limit-headers';

const RESET_SECONDS = 1_766_761_260;

describe(readRateLimitHeaders.name, () => {
  it('reads the calls left and the reset instant (epoch seconds) of the window', () => {
    const sut = readRateLimitHeaders(
      new Headers({
        'X-RateLimit-Limit': '200',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(RESET_SECONDS),
      }),
    );
    expect(sut).toEqual({ remaining: 0, resetAt: RESET_SECONDS * 1000 });
    expect(exhaustedUntil(sut)).toBe(RESET_SECONDS * 1000);
  });

  it('blocks nothing while calls are left, or when the headers are absent or unreadable', () => {
    const left = readRateLimitHeaders(
      new Headers({ 'X-RateLimit-Remaining': '3', 'X-RateLimit-Reset': String(RESET_SECONDS) }),
    );
    expect(exhaustedUntil(left)).toBeUndefined();
    expect(readRateLimitHeaders(new Headers())).toEqual({});
    expect(
      readRateLimitHeaders(
        new Headers({ 'X-RateLimit-Remaining': '-1', 'X-RateLimit-Reset': 'soon' }),
      ),
    ).toEqual({});
  });
});
