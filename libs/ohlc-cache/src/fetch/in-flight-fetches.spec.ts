import { InFlightFetches, type FlightResult } from './in-flight-fetches';

const series = { ticker: 'AAPL', source: 'demo', resolution: '5' as const };
const EMPTY: FlightResult = { candles: [], covered: [], writeFailed: false };

/** A fetch the test finishes by hand. */
function pending() {
  let finish!: (r: FlightResult) => void;
  let fail!: (e: unknown) => void;
  const promise = new Promise<FlightResult>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { task: () => promise, finish, fail };
}

describe(InFlightFetches.name, () => {
  let sut: InFlightFetches;

  beforeEach(() => {
    sut = new InFlightFetches(1_000);
  });

  it('gives the first claimant the gaps, and a later one only what is left', () => {
    const first = sut.claim(series, [{ from: 0, to: 10 }], 0)!;
    expect(first.own).toEqual([{ from: 0, to: 10 }]);
    void first.run(pending().task);

    const second = sut.claim(series, [{ from: 5, to: 20 }], 0)!;
    expect(second.joined).toHaveLength(1);
    expect(second.own).toEqual([{ from: 10, to: 20 }]);
  });

  it('tells whether flights already fetch every part of some gaps', () => {
    expect(sut.fetching(series, [{ from: 0, to: 10 }])).toBe(false);
    void sut.claim(series, [{ from: 0, to: 10 }], 0)!.run(pending().task);
    void sut.claim(series, [{ from: 10, to: 20 }], 0)!.run(pending().task);
    expect(sut.fetching(series, [{ from: 5, to: 15 }])).toBe(true);
    expect(sut.fetching(series, [{ from: 5, to: 25 }])).toBe(false);
    expect(sut.fetching({ ...series, ticker: 'MSFT' }, [{ from: 0, to: 10 }])).toBe(false);
  });

  it('joins identical claims to one flight', () => {
    void sut.claim(series, [{ from: 0, to: 10 }], 0)!.run(pending().task);
    const again = sut.claim(series, [{ from: 0, to: 10 }], 0)!;
    expect(again.own).toEqual([]);
    expect(again.joined).toHaveLength(1);
  });

  it('keeps series apart', () => {
    void sut.claim(series, [{ from: 0, to: 10 }], 0)!.run(pending().task);
    const other = sut.claim({ ...series, resolution: '15' }, [{ from: 0, to: 10 }], 0)!;
    expect(other.joined).toEqual([]);
    expect(other.own).toEqual([{ from: 0, to: 10 }]);
  });

  it('refuses a claim read before a flight of the series finished', async () => {
    const seen = sut.version(series);
    const fetch = pending();
    const flight = sut.claim(series, [{ from: 0, to: 10 }], seen)!.run(fetch.task);
    fetch.finish(EMPTY);
    await flight;
    expect(sut.version(series)).toBe(seen + 1);
    expect(sut.claim(series, [{ from: 0, to: 10 }], seen)).toBeUndefined();
    expect(sut.claim(series, [{ from: 0, to: 10 }], seen + 1)?.own).toEqual([{ from: 0, to: 10 }]);
    // Without a version the claim is taken regardless.
    expect(sut.claim(series, [{ from: 20, to: 30 }])?.own).toEqual([{ from: 20, to: 30 }]);
  });

  it('hands a flight’s result or failure to every joiner and forgets it after', async () => {
    const fetch = pending();
    const own = sut.claim(series, [{ from: 0, to: 10 }], 0)!.run(fetch.task);
    const joined = sut.claim(series, [{ from: 0, to: 10 }], 0)!.joined[0];
    fetch.fail(new Error('upstream down'));
    await expect(own).rejects.toThrow('upstream down');
    await expect(joined).rejects.toThrow('upstream down');
    expect(sut.claim(series, [{ from: 0, to: 10 }], 1)!.own).toEqual([{ from: 0, to: 10 }]);
  });
});
