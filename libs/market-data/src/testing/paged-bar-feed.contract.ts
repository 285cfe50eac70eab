import { type Candle, DAY_MS, type Interval, ProviderUnavailableError } from '@app/ohlc-core';
import type { HttpOhlcProvider } from '../http/http-ohlc-provider';
import { OUTSIDE_SESSION } from '../validation/candle-validator';
import type { FakePagedServer } from './fake-paged-server';
import type { RecordedRequest } from './fake-upstream-server';
import { extendedHours } from './held-candles';
import { syntheticCandles } from './synthetic-candles';
import { weekdaySessionCandleStart } from './weekday-session';

/** Rows a page of the contract's fake holds: a session of 5-minute bars (04:00–20:00) takes seven. */
export const PAGED_FEED_PAGE_SIZE = 30;

export interface PagedBarFeedContext {
  /** The feed's fake, started, with `pageSize` `PAGED_FEED_PAGE_SIZE`; the contract seeds it. */
  readonly server: FakePagedServer;
  /** A new adapter against `server` with no client-side budget (a paged range spends a call a page). */
  createProvider(): HttpOhlcProvider;
  /** The instant a first-page request asks bars from. */
  askedFrom(request: RecordedRequest): number;
  /** Whether a request follows a page link or token. */
  continues(request: RecordedRequest): boolean;
}

const TICKER = 'PAGED';
/** Monday 2025-06-02; New York is on EDT, so the session is 13:30Z–20:00Z. */
const MONDAY = Date.UTC(2025, 5, 2);
const day = (n: number) => MONDAY + n * DAY_MS;
const at = (n: number, hh: number, mm: number) => day(n) + (hh * 60 + mm) * 60_000;
const TUESDAY: Interval = { from: day(1), to: day(2) };
const WEEK: Interval = { from: day(0), to: day(7) };
const FORTNIGHT: Interval = { from: day(0), to: day(14) };
/** 04:00–20:00 New York in 5-minute bars. */
const EXTENDED_BARS_A_DAY = 192;

/**
 * What every adapter of a paged bar feed (Polygon, Alpaca) must do the same
 * way with the bars its feed serves: pre- and after-market bars, pages, page
 * links that expire, daily stamps and clock-hour hourly bars. Call inside the
 * adapter's `describe`.
 */
export function itPagesLikeABarFeed(context: () => PagedBarFeedContext): void {
  const extended = extendedHours(weekdaySessionCandleStart);
  const inSession = (c: Candle) => weekdaySessionCandleStart('5', c.start);
  const within = (candles: readonly Candle[], { from, to }: Interval) =>
    candles.filter((c) => c.start >= from && c.start < to);
  const fiveMinuteExtended = syntheticCandles('5', FORTNIGHT, extended);
  const thirtyMinuteExtended = syntheticCandles('30', FORTNIGHT, extended);
  const daily = syntheticCandles('D', FORTNIGHT, weekdaySessionCandleStart);
  const tuesday = within(fiveMinuteExtended.filter(inSession), TUESDAY);
  let ctx: PagedBarFeedContext;
  let sut: HttpOhlcProvider;

  beforeEach(() => {
    ctx = context();
    ctx.server.reset();
    ctx.server
      .setCandles(TICKER, '5', fiveMinuteExtended)
      .setCandles(TICKER, '30', thirtyMinuteExtended)
      .setCandles(TICKER, 'D', daily);
    sut = ctx.createProvider();
  });

  describe('as a paged bar feed', () => {
    it('follows the pages of a range to its end, and drops and counts the extended hours', async () => {
      await expect(sut.fetchCandles(TICKER, '5', TUESDAY)).resolves.toEqual(tuesday);

      const pages = Math.ceil(EXTENDED_BARS_A_DAY / PAGED_FEED_PAGE_SIZE);
      expect(ctx.server.requests.map((r) => ctx.continues(r))).toEqual([
        false,
        ...Array<boolean>(pages - 1).fill(true),
      ]);
      expect(sut.stats()).toEqual({
        acceptedRows: tuesday.length,
        droppedRows: { [OUTSIDE_SESSION]: EXTENDED_BARS_A_DAY - tuesday.length },
      });
    });

    it('asks again from past the last bar when a page link expired, losing and repeating nothing', async () => {
      ctx.server.expirePageTokens();

      await expect(sut.fetchCandles(TICKER, '5', TUESDAY)).resolves.toEqual(tuesday);

      expect(sut.stats().droppedRows).toEqual({
        [OUTSIDE_SESSION]: EXTENDED_BARS_A_DAY - tuesday.length,
      });
      const [first, expired, again] = ctx.server.requests;
      expect([first, expired, again].map((r) => ctx.continues(r))).toEqual([false, true, false]);
      const lastOfFirstPage = at(1, 8, 0) + (PAGED_FEED_PAGE_SIZE - 1) * 5 * 60_000;
      expect(ctx.askedFrom(again)).toBe(lastOfFirstPage + 1);
    });

    it('gives up when page links keep expiring', async () => {
      ctx.server.expirePageTokens(3);

      const failure = sut.fetchCandles(TICKER, '5', TUESDAY);

      await expect(failure).rejects.toThrow(ProviderUnavailableError);
      await expect(failure).rejects.toThrow('answered HTTP 400 to a page link');
      expect(ctx.server.requests.map((r) => ctx.continues(r))).toEqual([
        false,
        true,
        false,
        true,
        false,
        true,
      ]);
    });

    it('keys each daily bar, stamped at the New York midnight of its date, by 00:00Z', async () => {
      await expect(sut.fetchCandles(TICKER, 'D', WEEK)).resolves.toEqual(within(daily, WEEK));
    });

    it('builds hourly candles on the 09:30 grid from 30-minute bars (its own are on clock hours)', async () => {
      const halves = within(thirtyMinuteExtended.filter(inSession), TUESDAY);

      const candles = await sut.fetchCandles(TICKER, '60', TUESDAY);

      expect(candles.map((c) => c.start)).toEqual(
        [13, 14, 15, 16, 17, 18, 19].map((h) => at(1, h, 30)),
      );
      expect(candles[0]).toEqual({
        start: at(1, 13, 30),
        open: halves[0].open,
        high: halves[1].high,
        low: halves[0].low,
        close: halves[1].close,
        volume: (halves[0].volume ?? 0) + (halves[1].volume ?? 0),
      });
      // 15:30–16:00 is the last hour, cut at the close: one bar alone.
      expect(candles[6]).toEqual(halves[12]);
    });
  });
}
