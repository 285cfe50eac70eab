import { MarketHoursService, NyseCalendar } from '@app/market-hours';
import { FixedClock } from '@app/market-hours/testing';
import { planFetches } from './fetch-plan';

const at = (iso: string) => Date.parse(iso);
const span = (from: string, to: string) => ({ from: at(from), to: at(to) });

describe(planFetches.name, () => {
  const hours = new MarketHoursService(new FixedClock('2025-12-13T12:00:00Z'), new NyseCalendar());

  it('trims an intraday gap to its sessions: a week is one call from Monday open to Friday close', () => {
    const sut = planFetches([span('2025-12-01T05:00:00Z', '2025-12-06T05:00:00Z')], '5', hours);
    expect(sut.calls).toEqual([
      {
        span: span('2025-12-01T14:30:00Z', '2025-12-05T21:00:00Z'),
        gaps: [span('2025-12-01T05:00:00Z', '2025-12-06T05:00:00Z')],
        heldSlots: 0,
      },
    ]);
    expect(sut.sessionless).toEqual([]);
  });

  it('makes no call for a weekend, a holiday or a range inside one candle', () => {
    const weekend = span('2025-12-06T05:00:00Z', '2025-12-08T05:00:00Z');
    const christmas = span('2025-12-25T00:00:00Z', '2025-12-26T00:00:00Z');
    const insideCandle = span('2025-12-08T14:31:00Z', '2025-12-08T14:34:00Z');
    expect(planFetches([weekend], '1', hours)).toEqual({ calls: [], sessionless: [weekend] });
    expect(planFetches([christmas], 'D', hours)).toEqual({ calls: [], sessionless: [christmas] });
    expect(planFetches([insideCandle], '5', hours).calls).toEqual([]);
  });

  it('fetches a gap of one session between two loaded spans alone', () => {
    const tuesday = span('2025-12-02T05:00:00Z', '2025-12-03T05:00:00Z');
    const sut = planFetches([tuesday], '15', hours);
    expect(sut.calls.map((c) => c.span)).toEqual([
      span('2025-12-02T14:30:00Z', '2025-12-02T21:00:00Z'),
    ]);
  });

  it('never fetches a held intraday session again to save a call', () => {
    const monday = span('2025-12-01T05:00:00Z', '2025-12-02T05:00:00Z');
    const wednesday = span('2025-12-03T05:00:00Z', '2025-12-04T05:00:00Z');
    // Even at 60 minutes a held session holds 7 rows: 7 × 0.2 ≥ one call.
    const sut = planFetches([monday, wednesday], '60', hours);
    expect(sut.calls.map((c) => c.span)).toEqual([
      span('2025-12-01T14:30:00Z', '2025-12-01T21:00:00Z'),
      span('2025-12-03T14:30:00Z', '2025-12-03T21:00:00Z'),
    ]);
  });

  it('merges gaps that only a night or a weekend separates, fetching nothing held', () => {
    const friday = span('2025-12-05T14:30:00Z', '2025-12-05T21:00:00Z');
    const monday = span('2025-12-08T14:30:00Z', '2025-12-08T21:00:00Z');
    const sut = planFetches([friday, monday], '5', hours);
    expect(sut.calls).toEqual([
      {
        span: span('2025-12-05T14:30:00Z', '2025-12-08T21:00:00Z'),
        gaps: [friday, monday],
        heldSlots: 0,
      },
    ]);
  });

  it('merges touching gaps before planning', () => {
    const sut = planFetches(
      [
        span('2025-12-01T00:00:00Z', '2025-12-03T00:00:00Z'),
        span('2025-12-03T00:00:00Z', '2025-12-05T00:00:00Z'),
      ],
      'D',
      hours,
    );
    expect(sut.calls).toHaveLength(1);
    expect(sut.calls[0].gaps).toEqual([span('2025-12-01T00:00:00Z', '2025-12-05T00:00:00Z')]);
  });

  it('merges daily gaps across up to three held sessions, not four', () => {
    const first = span('2025-12-01T00:00:00Z', '2025-12-02T00:00:00Z');
    // Held: Dec 2, 3, 4 (three rows × 0.25 < 1 call).
    const afterThree = span('2025-12-05T00:00:00Z', '2025-12-06T00:00:00Z');
    const merged = planFetches([first, afterThree], 'D', hours);
    expect(merged.calls).toEqual([
      {
        span: span('2025-12-01T00:00:00Z', '2025-12-06T00:00:00Z'),
        gaps: [first, afterThree],
        heldSlots: 3,
      },
    ]);
    // Held: Dec 2–5 (four rows: as dear as the call they would save).
    const afterFour = span('2025-12-08T00:00:00Z', '2025-12-09T00:00:00Z');
    expect(planFetches([first, afterFour], 'D', hours).calls).toHaveLength(2);
  });

  it('uses the provider’s cost model', () => {
    const monday = span('2025-12-01T05:00:00Z', '2025-12-02T05:00:00Z');
    const wednesday = span('2025-12-03T05:00:00Z', '2025-12-04T05:00:00Z');
    const rowsAreFree = { perCall: 1, perDailyRow: 0, perIntradayRow: 0 };
    const sut = planFetches([monday, wednesday], '60', hours, rowsAreFree);
    expect(sut.calls).toEqual([
      {
        span: span('2025-12-01T14:30:00Z', '2025-12-03T21:00:00Z'),
        gaps: [monday, wednesday],
        heldSlots: 7,
      },
    ]);
  });

  it('follows the calendar across DST and early closes', () => {
    // 2025-03-10: first session after the spring change opens 13:30Z; 2025-11-28 closes 13:00 ET.
    const dst = planFetches([span('2025-03-10T04:00:00Z', '2025-03-11T04:00:00Z')], '30', hours);
    expect(dst.calls.map((c) => c.span)).toEqual([
      span('2025-03-10T13:30:00Z', '2025-03-10T20:00:00Z'),
    ]);
    const early = planFetches([span('2025-11-28T05:00:00Z', '2025-11-29T05:00:00Z')], '1', hours);
    expect(early.calls.map((c) => c.span)).toEqual([
      span('2025-11-28T14:30:00Z', '2025-11-28T18:00:00Z'),
    ]);
  });
});
