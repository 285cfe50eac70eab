import type { StoredCandle } from '@app/ohlc-core';
import { MarketHoursService, NyseCalendar } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import {
  DEFAULT_REVERIFICATION,
  EXCHANGE_FEED_SETTLEMENT,
  type OhlcProvider,
} from '@app/market-data';
import { syntheticCandles } from '@app/market-data/testing';
import { Reverification } from './reverification';

const at = (iso: string) => Date.parse(iso);
const D = (iso: string) => at(`${iso}T00:00:00Z`);

describe(Reverification.name, () => {
  const hours = new MarketHoursService(new FixedClock(0), new NyseCalendar());
  const sut = new Reverification(hours);
  const provider = {
    name: 'tiingo',
    resolutions: ['D', '5'],
    settlement: EXCHANGE_FEED_SETTLEMENT,
    reverification: DEFAULT_REVERIFICATION,
    fetchCandles: () => Promise.resolve([]),
  } as unknown as OhlcProvider;
  const fetchedAt = (candles: readonly { start: number }[], when: string) =>
    candles.map((c) => ({ ...c, fetchedAt: at(when) }) as StoredCandle);

  describe('daily rows', () => {
    const series = { ticker: 'REV', source: 'tiingo', resolution: 'D' as const };
    // Monday 2024-06-03's row fetched that evening, settled.
    const range = { from: D('2024-06-03'), to: D('2024-06-04') };
    const row = fetchedAt(
      syntheticCandles('D', range, () => true),
      '2024-06-04T01:00:00Z',
    );
    const check = (now: string, candles = row) =>
      sut.check({ series, provider, now: at(now), final: D('2024-06-20') }, range, candles);

    it('holds a row until the next session closes, and says when that is', () => {
      expect(check('2024-06-04T19:59:00Z')).toEqual({
        due: [],
        nextAt: at('2024-06-04T20:00:00Z'),
      });
    });

    it('asks for the row once the next session has closed', () => {
      expect(check('2024-06-04T20:00:00Z').due).toEqual([range]);
    });

    it('asks once more when the fifth session after it has closed, then never', () => {
      const rechecked = fetchedAt(row, '2024-06-04T20:30:00Z');
      expect(check('2024-06-10T19:59:00Z', rechecked)).toEqual({
        due: [],
        nextAt: at('2024-06-10T20:00:00Z'),
      });
      expect(check('2024-06-10T20:00:00Z', rechecked).due).toEqual([range]);
      expect(check('2024-07-01T00:00:00Z', fetchedAt(row, '2024-06-10T20:30:00Z'))).toEqual({
        due: [],
        nextAt: Infinity,
      });
    });

    it('never checks history fetched long after it traded, nor a provider without a schedule', () => {
      expect(check('2024-07-01T00:00:00Z', fetchedAt(row, '2024-06-30T00:00:00Z')).due).toEqual([]);
      const demo = { ...provider, reverification: undefined };
      const ctx = {
        series,
        provider: demo,
        now: at('2024-06-05T00:00:00Z'),
        final: D('2024-06-20'),
      };
      expect(sut.check(ctx, range, row).due).toEqual([]);
    });
  });

  describe('intraday sessions', () => {
    const series = { ticker: 'GAP', source: 'tiingo', resolution: '5' as const };
    const range = { from: at('2024-06-04T04:00:00Z'), to: at('2024-06-05T04:00:00Z') };
    const session = syntheticCandles('5', range, hours.isCandleStart.bind(hours));
    const final = at('2024-06-05T13:30:00Z');
    const check = (candles: StoredCandle[], now: string) =>
      sut.check({ series, provider, now: at(now), final }, range, candles);

    it('asks for a short session once after its daily settlement (20:00 New York)', () => {
      const short = fetchedAt(
        [...session.slice(0, 40), ...session.slice(48)],
        '2024-06-04T20:30:00Z',
      );
      expect(check(short, '2024-06-04T23:59:00Z').nextAt).toBe(at('2024-06-05T00:00:00Z'));
      expect(check(short, '2024-06-05T00:00:00Z').due).toEqual([
        { from: at('2024-06-04T13:30:00Z'), to: at('2024-06-04T20:00:00Z') },
      ]);
      expect(check(fetchedAt(short, '2024-06-05T00:30:00Z'), '2024-06-06T00:00:00Z').due).toEqual(
        [],
      );
    });

    it('leaves a whole session alone', () => {
      expect(check(fetchedAt(session, '2024-06-04T20:30:00Z'), '2024-06-05T00:00:00Z')).toEqual({
        due: [],
        nextAt: Infinity,
      });
    });
  });
});
