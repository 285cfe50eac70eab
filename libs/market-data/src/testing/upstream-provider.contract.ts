import {
  type Candle,
  type Interval,
  ProviderAuthError,
  ProviderUnavailableError,
  RateLimitedError,
  type Resolution,
  UnknownTickerError,
} from '@app/ohlc-core';
import type { HttpOhlcProvider } from '../http/http-ohlc-provider';
import type { HttpProviderOptions } from '../http/http-provider.options';
import { type FakeUpstreamServer, jsonAnswer, type ScriptedResponse } from './fake-upstream-server';
import { ManualClock } from './manual-clock';
import { RecordingLogger } from './recording-logger';

/** Options a contract test may set; the adapter's spec fills in the rest. */
export type ContractProviderOptions = Pick<
  HttpProviderOptions,
  'now' | 'timeoutMs' | 'maxRetries' | 'baseBackoffMs' | 'limits' | 'logger'
> &
  Partial<Pick<HttpProviderOptions, 'apiKey'>>;

export interface UpstreamContractContext {
  /** The adapter's fake upstream, started, holding `expected`. */
  readonly server: FakeUpstreamServer;
  /** The key the fake accepts (and that must never leak). */
  readonly apiKey: string;
  readonly ticker: string;
  readonly resolution: Resolution;
  /** A range the adapter fetches with exactly one call. */
  readonly range: Interval;
  /** What the adapter must return for `range`. */
  readonly expected: readonly Candle[];
  /** A new adapter against `server` with `options` (by default the key the fake accepts). */
  createProvider(options: ContractProviderOptions): HttpOhlcProvider;
}

const NOW = Date.UTC(2025, 11, 26, 15, 0);
/**
 * Per-attempt timeout of the tests that make the fake hang. The others keep
 * a generous one: on a loaded machine a real answer can take longer than a
 * hang needs, and a timed-out first attempt would be retried.
 */
const HANG_TIMEOUT_MS = 200;

/**
 * What every HTTP adapter must do the same way over the wire: map failures to
 * domain errors, retry only what is worth it, respect its budget and keep its
 * key out of every message. Call inside the adapter's `describe`.
 */
export function itBehavesLikeAnUpstreamProvider(context: () => UpstreamContractContext): void {
  let ctx: UpstreamContractContext;
  let clock: ManualClock;
  let logger: RecordingLogger;
  let sut: HttpOhlcProvider;
  const fetch = () => sut.fetchCandles(ctx.ticker, ctx.resolution, ctx.range);
  const create = (options: ContractProviderOptions = {}) =>
    ctx.createProvider({ now: clock.now, timeoutMs: 10_000, baseBackoffMs: 1, logger, ...options });

  beforeEach(() => {
    ctx = context();
    ctx.server.reset();
    clock = new ManualClock(NOW);
    logger = new RecordingLogger();
    sut = create();
  });

  describe('as an upstream provider', () => {
    it('serves the range with one call', async () => {
      await expect(fetch()).resolves.toEqual(ctx.expected);
      expect(ctx.server.requests).toHaveLength(1);
    });

    it('reports a key upstream refuses as ProviderAuthError, without retrying', async () => {
      sut = create({ apiKey: 'not-the-key' });

      await expect(fetch()).rejects.toMatchObject({
        constructor: ProviderAuthError,
        provider: sut.name,
      });
      expect(ctx.server.requests).toHaveLength(1);
    });

    it('maps 404 to UnknownTickerError', async () => {
      ctx.server.enqueue(jsonAnswer(404, { detail: 'not found' }));

      await expect(fetch()).rejects.toMatchObject({
        constructor: UnknownTickerError,
        ticker: ctx.ticker,
        provider: sut.name,
      });
    });

    it('honours Retry-After: no call before it has passed', async () => {
      ctx.server.enqueue(jsonAnswer(429, {}, { 'Retry-After': '120' }));

      await expect(fetch()).rejects.toMatchObject({
        constructor: RateLimitedError,
        retryAt: NOW + 120_000,
      });
      clock.advance(119_000);
      await expect(fetch()).rejects.toMatchObject({ retryAt: NOW + 120_000 });
      expect(ctx.server.requests).toHaveLength(1);

      clock.advance(1_000);
      await expect(fetch()).resolves.toEqual(ctx.expected);
      expect(ctx.server.requests).toHaveLength(2);
    });

    it('waits 60 s after a 429 without Retry-After', async () => {
      ctx.server.enqueue(jsonAnswer(429, {}));

      await expect(fetch()).rejects.toMatchObject({ retryAt: NOW + 60_000 });
      clock.advance(59_999);
      await expect(fetch()).rejects.toThrow(RateLimitedError);
      expect(ctx.server.requests).toHaveLength(1);
    });

    it('retries a 500 and serves the answer that follows', async () => {
      ctx.server.enqueue(jsonAnswer(500, { error: 'oops' }));

      await expect(fetch()).resolves.toEqual(ctx.expected);
      expect(ctx.server.requests).toHaveLength(2);
    });

    it('retries a request that timed out and serves the answer that follows', async () => {
      sut = create({ timeoutMs: HANG_TIMEOUT_MS });
      ctx.server.enqueue({ kind: 'hang' });

      await expect(fetch()).resolves.toEqual(ctx.expected);
      expect(ctx.server.requests).toHaveLength(2);
    });

    it('gives up on a server that never answers', async () => {
      sut = create({ timeoutMs: HANG_TIMEOUT_MS });
      ctx.server.enqueue({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });

      const failure = fetch();

      await expect(failure).rejects.toThrow(ProviderUnavailableError);
      await expect(failure).rejects.toThrow('timed out after 200 ms (after 3 attempts)');
    });

    it('reports truncated JSON as ProviderUnavailableError', async () => {
      ctx.server.enqueue({ kind: 'text', body: '{"s":"ok","t":[1,2' });

      await expect(fetch()).rejects.toThrow(ProviderUnavailableError);
    });

    it('makes exactly N calls for N + 5 fetches against N slots', async () => {
      const slots = 3;
      sut = create({ limits: [{ limit: slots, windowMs: 60_000 }] });

      const outcomes = await Promise.allSettled(Array.from({ length: slots + 5 }, () => fetch()));

      const refusals = outcomes.filter((o) => o.status === 'rejected');
      expect(ctx.server.requests).toHaveLength(slots);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(slots);
      expect(refusals).toHaveLength(5);
      for (const refusal of refusals) {
        expect(refusal.reason).toBeInstanceOf(RateLimitedError);
        expect(refusal.reason).toMatchObject({ retryAt: NOW + 60_000 });
      }
    });

    it('sends the key in a header only and never shows it in an error or log line', async () => {
      const answers: ScriptedResponse[] = [
        jsonAnswer(401, {}),
        jsonAnswer(403, {}),
        jsonAnswer(404, {}),
        jsonAnswer(429, {}),
        jsonAnswer(500, { error: ctx.apiKey }),
        jsonAnswer(418, {}),
        { kind: 'text', body: `{"token":"${ctx.apiKey}"` },
        jsonAnswer(200, 'not a candle payload'),
        { kind: 'hang' },
      ];
      const messages: string[] = [];
      for (const answer of answers) {
        // A fresh adapter each time: the 429 would otherwise block the rest.
        sut = create({ maxRetries: 0, timeoutMs: HANG_TIMEOUT_MS });
        ctx.server.enqueue(answer);
        messages.push(await messageOf(fetch()));
      }

      expect(ctx.server.requests).toHaveLength(answers.length);
      for (const message of [...messages, ...logger.warnings]) {
        expect(message).not.toContain(ctx.apiKey);
      }
      for (const request of ctx.server.requests) {
        expect(request.rawUrl).not.toContain(ctx.apiKey);
        expect(Object.values(request.headers)).toEqual(
          expect.arrayContaining([expect.stringContaining(ctx.apiKey)]),
        );
      }
    });
  });
}

async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected a rejection');
}
