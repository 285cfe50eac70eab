import {
  ProviderAuthError,
  ProviderPlanError,
  ProviderUnavailableError,
  RateLimitedError,
  UnknownTickerError,
} from '@app/ohlc-core';
import { UpstreamBudget } from '../rate-limit/upstream-budget';
import { jsonAnswer, ScriptedUpstreamServer } from '../testing/fake-upstream-server';
import { ManualClock } from '../testing/manual-clock';
import {
  PageExpiredError,
  type UpstreamHttpClientOptions,
  UpstreamHttpClient,
} from './upstream-http-client';

const NOW = Date.UTC(2025, 11, 26, 15, 0);
const SECRET = 'sk-very-secret-0123';

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe(UpstreamHttpClient.name, () => {
  const server = new ScriptedUpstreamServer();
  let clock: ManualClock;
  let url: URL;

  const client = (options: Partial<UpstreamHttpClientOptions> = {}) =>
    new UpstreamHttpClient({
      provider: 'fake',
      timeoutMs: 200,
      maxRetries: 2,
      baseBackoffMs: 1,
      now: clock.now,
      ...options,
    });

  beforeAll(async () => {
    await server.start();
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.reset();
    clock = new ManualClock(NOW);
    url = new URL(`${server.baseUrl}/prices/AAPL?startDate=2025-12-01`);
  });

  it('returns the parsed body of a 2xx and sends the given headers', async () => {
    server.enqueue(jsonAnswer(200, [{ close: 1.5 }]));

    const body = await client().getJson(url, { headers: { Authorization: 'Token k' } });

    expect(body).toEqual([{ close: 1.5 }]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].rawUrl).toBe('/prices/AAPL?startDate=2025-12-01');
    expect(server.requests[0].headers.authorization).toBe('Token k');
  });

  it.each([401, 403])('maps %i to ProviderAuthError without retrying', async (status) => {
    server.enqueue(jsonAnswer(status, { detail: 'bad key' }));

    const error = await failureOf(client().getJson(url));

    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(error).toMatchObject({ provider: 'fake' });
    expect(server.requests).toHaveLength(1);
  });

  describe('plan refusals', () => {
    const isPlanRefusal = (body: unknown) =>
      typeof body === 'object' && body !== null && 'error' in body && body.error === 'no plan';

    it.each([401, 403])('maps a %i the adapter recognises to ProviderPlanError', async (status) => {
      server.enqueue(jsonAnswer(status, { error: 'no plan' }));

      const error = await failureOf(
        client({ isPlanRefusal }).getJson(url, { resource: 'candles' }),
      );

      expect(error).toBeInstanceOf(ProviderPlanError);
      expect(error).not.toBeInstanceOf(ProviderAuthError);
      expect(error).toMatchObject({ provider: 'fake', resource: 'candles' });
      expect(error.message).toBe(
        'Upstream provider fake is unavailable: plan lacks access to candles',
      );
      expect(server.requests).toHaveLength(1);
    });

    it.each([
      ['another JSON body', jsonAnswer(403, { error: 'Invalid API key' })],
      ['a body that is not JSON', { kind: 'text', status: 403, body: '<html>' } as const],
    ])('keeps ProviderAuthError for %s', async (_, answer) => {
      server.enqueue(answer);

      const error = await failureOf(client({ isPlanRefusal }).getJson(url));

      expect(error).toBeInstanceOf(ProviderAuthError);
    });

    it('names the path when the request does not say what it asks for', async () => {
      server.enqueue(jsonAnswer(403, { error: 'no plan' }));

      const error = await failureOf(client({ isPlanRefusal }).getJson(url));

      expect(error.message).toBe(
        'Upstream provider fake is unavailable: plan lacks access to GET /prices/AAPL',
      );
    });
  });

  it('maps 404 to UnknownTickerError for the ticker the request is about', async () => {
    server.enqueue(jsonAnswer(404, { detail: 'not found' }));

    const error = await failureOf(client().getJson(url, { ticker: 'ZZZZ' }));

    expect(error).toBeInstanceOf(UnknownTickerError);
    expect(error).toMatchObject({ ticker: 'ZZZZ', provider: 'fake' });
  });

  it('maps 404 of a request about no ticker to ProviderUnavailableError', async () => {
    server.enqueue(jsonAnswer(404, {}));

    const error = await failureOf(client().getJson(url));

    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toContain('GET /prices/AAPL answered HTTP 404');
  });

  describe('429', () => {
    it('takes retryAt from Retry-After seconds and blocks the budget until then', async () => {
      const budget = new UpstreamBudget({ provider: 'fake', windows: [], now: clock.now });
      const sut = client({ budget });
      server.enqueue(jsonAnswer(429, {}, { 'Retry-After': '120' }), jsonAnswer(200, 'ok'));

      const first = await failureOf(sut.getJson(url));
      clock.advance(119_999);
      const second = await failureOf(sut.getJson(url));
      clock.advance(1);
      const third = await sut.getJson(url);

      expect(first).toBeInstanceOf(RateLimitedError);
      expect(first).toMatchObject({ provider: 'fake', retryAt: NOW + 120_000 });
      expect(second).toMatchObject({ retryAt: NOW + 120_000 });
      expect(third).toBe('ok');
      expect(server.requests).toHaveLength(2);
    });

    it('takes retryAt from a Retry-After HTTP date', async () => {
      server.enqueue(jsonAnswer(429, {}, { 'Retry-After': new Date(NOW + 90_000).toUTCString() }));

      const error = await failureOf(client().getJson(url));

      expect(error).toMatchObject({ retryAt: NOW + 90_000 });
    });

    it('assumes 60 s without Retry-After, and does not retry', async () => {
      server.enqueue(jsonAnswer(429, {}));

      const error = await failureOf(client().getJson(url));

      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ retryAt: NOW + 60_000 });
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('retries', () => {
    it('retries a 5xx and returns the answer that follows', async () => {
      server.enqueue(jsonAnswer(500, {}), jsonAnswer(200, { s: 'ok' }));

      await expect(client().getJson(url)).resolves.toEqual({ s: 'ok' });
      expect(server.requests).toHaveLength(2);
    });

    it('gives up after maxRetries retries', async () => {
      server.enqueue(...Array.from({ length: 4 }, () => jsonAnswer(503, {})));

      const error = await failureOf(client({ maxRetries: 2 }).getJson(url));

      expect(error).toBeInstanceOf(ProviderUnavailableError);
      expect(error.message).toBe(
        'Upstream provider fake is unavailable: GET /prices/AAPL answered HTTP 503 (after 3 attempts)',
      );
      expect(server.requests).toHaveLength(3);
    });

    it('lets a request override the retry count', async () => {
      server.enqueue(jsonAnswer(502, {}), jsonAnswer(200, 'late'));

      const error = await failureOf(client().getJson(url, { retries: 0 }));

      expect(error.message).toContain('answered HTTP 502');
      expect(server.requests).toHaveLength(1);
    });

    it('retries a dropped connection', async () => {
      server.enqueue({ kind: 'drop' }, jsonAnswer(200, 'second'));

      await expect(client().getJson(url)).resolves.toBe('second');
      expect(server.requests).toHaveLength(2);
    });

    it('does not retry other statuses', async () => {
      server.enqueue(jsonAnswer(400, {}), jsonAnswer(200, 'never'));

      const error = await failureOf(client().getJson(url));

      expect(error).toBeInstanceOf(ProviderUnavailableError);
      expect(error.message).toContain('answered HTTP 400');
      expect(server.requests).toHaveLength(1);
    });

    it('spends one budget slot per attempt', async () => {
      const budget = new UpstreamBudget({
        provider: 'fake',
        windows: [{ limit: 2, windowMs: 60_000 }],
        now: clock.now,
      });
      server.enqueue(jsonAnswer(500, {}), jsonAnswer(500, {}), jsonAnswer(200, 'third'));

      const error = await failureOf(client({ budget }).getJson(url));

      expect(error).toBeInstanceOf(RateLimitedError);
      expect(server.requests).toHaveLength(2);
    });
  });

  it('retries a request that timed out, like a 5xx', async () => {
    server.enqueue({ kind: 'hang' }, jsonAnswer(200, 'second'));

    await expect(client({ timeoutMs: 200 }).getJson(url)).resolves.toBe('second');
    expect(server.requests).toHaveLength(2);
  });

  it('gives up once every attempt timed out', async () => {
    server.enqueue({ kind: 'hang' }, { kind: 'hang' }, jsonAnswer(200, 'never'));

    const error = await failureOf(client({ timeoutMs: 200, maxRetries: 1 }).getJson(url));

    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toBe(
      'Upstream provider fake is unavailable: GET /prices/AAPL timed out after 200 ms (after 2 attempts)',
    );
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ['truncated JSON', '[{"date":"2025-12-26T14:30:00.000Z","open":1'],
    ['an empty body', ''],
    ['HTML', '<html>maintenance</html>'],
  ])('maps %s to ProviderUnavailableError', async (_, body) => {
    server.enqueue({ kind: 'text', body });

    const error = await failureOf(client().getJson(url));

    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toContain('GET /prices/AAPL answered invalid JSON');
    expect(server.requests).toHaveLength(1);
  });

  describe('X-RateLimit headers', () => {
    const reset = NOW + 45_000;
    const headers = (remaining: number) => ({
      'X-RateLimit-Limit': '200',
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': String(reset / 1000),
    });
    const budget = () =>
      new UpstreamBudget({
        provider: 'fake',
        windows: [{ limit: 100, windowMs: 60_000 }],
        now: clock.now,
      });

    it('sends nothing more once an answer says no call is left, until the window resets', async () => {
      const shared = budget();
      const sut = client({ budget: shared, readsRateLimitHeaders: true });
      server.enqueue(jsonAnswer(200, 'last', headers(0)), jsonAnswer(200, 'next', headers(199)));

      await expect(sut.getJson(url)).resolves.toBe('last');
      await expect(sut.getJson(url)).rejects.toMatchObject({ retryAt: reset });
      clock.advance(45_000);
      await expect(sut.getJson(url)).resolves.toBe('next');
      expect(server.requests).toHaveLength(2);
    });

    it('waits for the reset after a 429 without Retry-After', async () => {
      server.enqueue(jsonAnswer(429, { message: 'too many requests.' }, headers(0)));

      await expect(
        client({ budget: budget(), readsRateLimitHeaders: true }).getJson(url),
      ).rejects.toMatchObject({ constructor: RateLimitedError, retryAt: reset });
    });

    it('lets Retry-After win, and ignores the headers unless told to read them', async () => {
      server.enqueue(
        jsonAnswer(429, {}, { ...headers(0), 'Retry-After': '10' }),
        jsonAnswer(200, 'ok', headers(0)),
        jsonAnswer(200, 'still', headers(0)),
      );
      await expect(
        client({ budget: budget(), readsRateLimitHeaders: true }).getJson(url),
      ).rejects.toMatchObject({ retryAt: NOW + 10_000 });

      const sut = client({ budget: budget() });
      await expect(sut.getJson(url)).resolves.toBe('ok');
      await expect(sut.getJson(url)).resolves.toBe('still');
    });
  });

  describe('page links', () => {
    it.each([400, 410])('reads a %i to a continuation as an expired link', async (status) => {
      server.enqueue(jsonAnswer(status, { message: 'invalid page token' }));

      const error = await failureOf(client().getJson(url, { continuation: true }));

      expect(error).toBeInstanceOf(PageExpiredError);
      expect(error).toBeInstanceOf(ProviderUnavailableError);
      expect(server.requests).toHaveLength(1);
    });

    it('reads a 400 to a first request as a plain failure', async () => {
      server.enqueue(jsonAnswer(400, {}));

      const error = await failureOf(client().getJson(url));

      expect(error).toBeInstanceOf(ProviderUnavailableError);
      expect(error).not.toBeInstanceOf(PageExpiredError);
    });
  });

  it('does not follow a redirect (it would carry the credentials elsewhere)', async () => {
    server.enqueue(jsonAnswer(302, {}, { Location: 'http://127.0.0.1:9/steal' }));

    const error = await failureOf(client().getJson(url, { headers: { 'X-Key': SECRET } }));

    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toContain('answered HTTP 302');
  });

  it('reports a server that cannot be reached', async () => {
    const closed = new ScriptedUpstreamServer();
    const closedUrl = new URL(`${await closed.start()}/prices`);
    await closed.close();

    const error = await failureOf(client({ maxRetries: 1 }).getJson(closedUrl));

    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toContain(
      'GET /prices could not be reached (ECONNREFUSED) (after 2 attempts)',
    );
  });

  describe('cancellation', () => {
    it("rejects with the caller's reason when the caller aborts", async () => {
      server.enqueue({ kind: 'hang' });
      const controller = new AbortController();
      const reason = new Error('dashboard navigated away');
      const pending = client({ timeoutMs: 60_000 }).getJson(url, { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 20);

      await expect(pending).rejects.toBe(reason);
      expect(server.requests).toHaveLength(1);
    });

    it('sends nothing and spends nothing for an already aborted caller', async () => {
      const budget = new UpstreamBudget({
        provider: 'fake',
        windows: [{ limit: 1, windowMs: 60_000 }],
        now: clock.now,
      });
      const sut = client({ budget });

      await expect(
        sut.getJson(url, { signal: AbortSignal.abort(new Error('gone')) }),
      ).rejects.toThrow('gone');
      server.enqueue(jsonAnswer(200, 'ok'));
      await expect(sut.getJson(url)).resolves.toBe('ok');
      expect(server.requests).toHaveLength(1);
    });

    it('stops retrying timeouts once the caller gives up (its deadline)', async () => {
      server.enqueue({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
      const controller = new AbortController();
      const reason = new Error('deadline');
      const pending = client({ timeoutMs: 200, maxRetries: 5 }).getJson(url, {
        signal: controller.signal,
      });
      // Once the first attempt has timed out and the second is under way.
      const second = setInterval(() => {
        if (server.requests.length === 2) controller.abort(reason);
      }, 5);

      await expect(pending).rejects.toBe(reason);
      clearInterval(second);
      expect(server.requests).toHaveLength(2);
    });

    it('stops retrying when the caller aborts during the backoff', async () => {
      server.enqueue(jsonAnswer(500, {}), jsonAnswer(200, 'never'));
      const controller = new AbortController();
      const reason = new Error('stop');
      const pending = client({ baseBackoffMs: 60_000, random: () => 0.5 }).getJson(url, {
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(reason), 50);

      await expect(pending).rejects.toBe(reason);
      expect(server.requests).toHaveLength(1);
    });
  });

  it('keeps the query string and headers out of every error message', async () => {
    const secretUrl = new URL(`${server.baseUrl}/candle?symbol=AAPL&token=${SECRET}`);
    const options = { headers: { 'X-Finnhub-Token': SECRET }, ticker: 'AAPL' };
    server.enqueue(
      jsonAnswer(401, {}),
      jsonAnswer(404, {}),
      jsonAnswer(429, {}),
      jsonAnswer(400, { error: 'bad' }),
      jsonAnswer(500, {}),
      { kind: 'text', body: `{"token":"${SECRET}"` },
      { kind: 'hang' },
    );
    const sut = client({ maxRetries: 0 });

    const messages: string[] = [];
    for (let i = 0; i < 7; i++)
      messages.push((await failureOf(sut.getJson(secretUrl, options))).message);

    expect(messages).toHaveLength(7);
    for (const message of messages) expect(message).not.toContain(SECRET);
    expect(messages.join('\n')).not.toMatch(/token=/i);
  });
});
