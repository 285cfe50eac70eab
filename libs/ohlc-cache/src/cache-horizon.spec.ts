import { MarketHoursService, NyseCalendar } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import { cacheHorizon } from './cache-horizon';

// December 2025 is EST: sessions run 14:30Z-21:00Z. Monday 2025-12-08 is a
// plain trading day; Thursday 2025-11-27 is Thanksgiving (closed) and Friday
// 2025-11-28 closes early at 13:00 ET (18:00Z); Good Friday 2025-04-18 is
// closed, and April is EDT (sessions 13:30Z-20:00Z).
const at = (iso: string): number => Date.parse(iso);

describe('cacheHorizon', () => {
  // The clock is never read: every call passes its instant.
  const hours = new MarketHoursService(new FixedClock('2025-12-08T15:00:00Z'), new NyseCalendar());

  describe('intraday during a session', () => {
    it('ends the final part at the forming candle and the horizon at its end', () => {
      expect(cacheHorizon(hours, '5', at('2025-12-08T15:07:30Z'))).toEqual({
        final: at('2025-12-08T15:05:00Z'),
        formingFrom: at('2025-12-08T15:05:00Z'),
        horizon: at('2025-12-08T15:10:00Z'),
      });
    });

    it('aligns hourly candles to the 09:30 ET open, not to the hour', () => {
      expect(cacheHorizon(hours, '60', at('2025-12-08T15:07:30Z'))).toEqual({
        final: at('2025-12-08T14:30:00Z'),
        formingFrom: at('2025-12-08T14:30:00Z'),
        horizon: at('2025-12-08T15:30:00Z'),
      });
    });

    it('has the first candle forming at the open itself', () => {
      expect(cacheHorizon(hours, '1', at('2025-12-08T14:30:00Z'))).toEqual({
        final: at('2025-12-08T14:30:00Z'),
        formingFrom: at('2025-12-08T14:30:00Z'),
        horizon: at('2025-12-08T14:31:00Z'),
      });
    });

    it('before a late open, stops at the label of its first candle, which precedes the open', () => {
      // 2001-09-17 opened at 09:33 New York (13:33Z, EDT): its first 5-minute candle is 09:30's.
      expect(cacheHorizon(hours, '5', at('2001-09-17T13:31:00Z'))).toEqual({
        final: at('2001-09-17T13:30:00Z'),
        formingFrom: at('2001-09-17T13:30:00Z'),
        horizon: at('2001-09-17T13:30:00Z'),
      });
    });

    it('cuts the horizon at the close when the last candle is short', () => {
      expect(cacheHorizon(hours, '60', at('2025-12-08T20:45:00Z'))).toEqual({
        final: at('2025-12-08T20:30:00Z'),
        formingFrom: at('2025-12-08T20:30:00Z'),
        horizon: at('2025-12-08T21:00:00Z'),
      });
    });
  });

  describe('intraday outside a session', () => {
    it.each([
      ['before the open', '2025-12-08T13:00:00Z', '2025-12-08T14:30:00Z'],
      ['at the close', '2025-12-08T21:00:00Z', '2025-12-09T14:30:00Z'],
      ['at night, past midnight UTC', '2025-12-09T02:00:00Z', '2025-12-09T14:30:00Z'],
      ['after the Friday close', '2025-12-05T22:00:00Z', '2025-12-08T14:30:00Z'],
      ['on a Saturday', '2025-12-06T15:00:00Z', '2025-12-08T14:30:00Z'],
      ['on Thanksgiving', '2025-11-27T15:00:00Z', '2025-11-28T14:30:00Z'],
      ['on Good Friday, across the weekend', '2025-04-18T14:00:00Z', '2025-04-21T13:30:00Z'],
    ])('puts final and horizon at the next open %s (%s)', (_, now, nextOpen) => {
      expect(cacheHorizon(hours, '5', at(now))).toEqual({
        final: at(nextOpen),
        formingFrom: at(nextOpen),
        horizon: at(nextOpen),
      });
    });
  });

  describe('daily', () => {
    it("while open, has today's candle forming from 00:00Z for one day", () => {
      expect(cacheHorizon(hours, 'D', at('2025-12-08T15:00:00Z'))).toEqual({
        final: at('2025-12-08T00:00:00Z'),
        formingFrom: at('2025-12-08T00:00:00Z'),
        horizon: at('2025-12-09T00:00:00Z'),
      });
    });

    it.each([
      ['before the open, today', '2025-12-08T13:00:00Z', '2025-12-08T00:00:00Z'],
      ['after the close, tomorrow', '2025-12-08T22:00:00Z', '2025-12-09T00:00:00Z'],
      [
        'late in the New York evening, when UTC is already tomorrow',
        '2025-12-09T02:00:00Z',
        '2025-12-09T00:00:00Z',
      ],
      ['on a Saturday, Monday', '2025-12-06T15:00:00Z', '2025-12-08T00:00:00Z'],
      ['on Thanksgiving, the Friday after', '2025-11-27T15:00:00Z', '2025-11-28T00:00:00Z'],
      ['on Good Friday, the Monday after', '2025-04-18T14:00:00Z', '2025-04-21T00:00:00Z'],
    ])("while closed %s, puts both at the next session's date (%s)", (_, now, nextSessionDay) => {
      expect(cacheHorizon(hours, 'D', at(now))).toEqual({
        final: at(nextSessionDay),
        formingFrom: at(nextSessionDay),
        horizon: at(nextSessionDay),
      });
    });
  });

  describe('with a settlement policy (daily at 20:00 New York, intraday 5 minutes after)', () => {
    const settlement = { dailyNewYorkMinute: 20 * 60, intradayDelayMs: 5 * 60_000 };

    it('keeps the closed but unsettled candles between final and the forming one', () => {
      expect(cacheHorizon(hours, '5', at('2025-12-08T15:07:30Z'), settlement)).toEqual({
        final: at('2025-12-08T15:00:00Z'),
        formingFrom: at('2025-12-08T15:05:00Z'),
        horizon: at('2025-12-08T15:10:00Z'),
      });
    });

    it("keeps today's daily candle unsettled from the close until 20:00", () => {
      expect(cacheHorizon(hours, 'D', at('2025-12-08T22:00:00Z'), settlement)).toEqual({
        final: at('2025-12-08T00:00:00Z'),
        formingFrom: at('2025-12-09T00:00:00Z'),
        horizon: at('2025-12-09T00:00:00Z'),
      });
    });
  });

  describe('an early-close day (2025-11-28, 13:00 ET)', () => {
    it('cuts the last intraday candle at 13:00 ET', () => {
      expect(cacheHorizon(hours, '60', at('2025-11-28T17:45:00Z'))).toEqual({
        final: at('2025-11-28T17:30:00Z'),
        formingFrom: at('2025-11-28T17:30:00Z'),
        horizon: at('2025-11-28T18:00:00Z'),
      });
    });

    it('is closed from 13:00 ET until the Monday open', () => {
      expect(cacheHorizon(hours, '5', at('2025-11-28T18:00:00Z'))).toEqual({
        final: at('2025-12-01T14:30:00Z'),
        formingFrom: at('2025-12-01T14:30:00Z'),
        horizon: at('2025-12-01T14:30:00Z'),
      });
    });

    it("has the daily candle forming until 13:00 ET and Monday's next", () => {
      expect(cacheHorizon(hours, 'D', at('2025-11-28T17:59:59.999Z'))).toEqual({
        final: at('2025-11-28T00:00:00Z'),
        formingFrom: at('2025-11-28T00:00:00Z'),
        horizon: at('2025-11-29T00:00:00Z'),
      });
      expect(cacheHorizon(hours, 'D', at('2025-11-28T18:00:00Z'))).toEqual({
        final: at('2025-12-01T00:00:00Z'),
        formingFrom: at('2025-12-01T00:00:00Z'),
        horizon: at('2025-12-01T00:00:00Z'),
      });
    });
  });
});
