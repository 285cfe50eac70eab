import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RateLimitedError,
  RESOLUTIONS,
  type Candle,
  type Interval,
  type Resolution,
} from '@app/ohlc-core';
import { FixedClock } from '@app/market-hours/testing';
import { DemoProvider, type OhlcProvider } from '@app/market-data';
import type { CountingProvider } from './support/counting-provider';
import { nyseHours } from './support/nyse';
import { sessionsAsked } from './support/session-count';
import { createTestCli, type TestCli } from './support/test-cli';

/** Saturday: every candle of the windows below is closed. */
const CLOCK = '2025-12-13T15:00:00Z';

// Months of 5-minute candles on an on-disk embedded L2, twice per test.
jest.setTimeout(30_000);

/**
 * `warm` on the CLI's own Nest context, over a provider that counts its
 * calls: it asks upstream for exactly the sessions the cache lacks, once,
 * whether it runs straight through, twice, or stopped and started again.
 */
describe('CLI warm (e2e)', () => {
  const clock = new FixedClock(CLOCK);
  const hours = nyseHours(clock);
  const dirs: string[] = [];
  const clis: TestCli[] = [];

  const start = async (embeddedPath?: string, provider?: OhlcProvider) => {
    const cli = await createTestCli({ clock, embeddedPath, provider });
    clis.push(cli);
    return cli;
  };
  /** Ends a CLI's context as its process would end. */
  const end = async (cli: TestCli) => {
    clis.splice(clis.indexOf(cli), 1);
    await cli.close();
  };
  /** An embedded L2 on disk, kept between CLI contexts as between two runs of the command. */
  const diskL2 = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohlc-cli-'));
    dirs.push(dir);
    return dir;
  };
  /** New York dates the calls asked for, of one series, in call order. */
  const asked = (calls: CountingProvider['calls'], ticker: string, resolution: Resolution) =>
    calls
      .filter((c) => c.ticker === ticker && c.resolution === resolution)
      .flatMap((c) => sessionsAsked(hours, c));

  beforeEach(() => clock.set(CLOCK));
  afterEach(async () => {
    await Promise.all(clis.splice(0).map((cli) => cli.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('fetches exactly the sessions the cache lacks, and nothing when run again', async () => {
    const sut = await start();
    // What a dashboard user already loaded: AAPL at 5 minutes, December 1-5.
    await sut.run(['warm', 'AAPL', '-r', '5', '--from', '2025-12-01', '--to', '2025-12-05']);
    const loaded = hours.tradingDays('2025-12-01', '2025-12-05');
    expect(asked(sut.provider.calls, 'AAPL', '5')).toEqual(loaded);
    sut.provider.calls.length = 0;

    const args = ['warm', 'AAPL', 'msft', '--resolution', '5,D', '--range', '1M'];
    const first = await sut.run(args);

    expect(first.exitCode).toBe(0);
    // 2025-11-13 (a month back) through Friday 2025-12-12.
    const month = hours.tradingDays('2025-11-13', '2025-12-13');
    expect(asked(sut.provider.calls, 'AAPL', '5').sort()).toEqual(
      month.filter((d) => !loaded.includes(d)),
    );
    for (const [ticker, resolution] of [
      ['MSFT', '5'],
      ['AAPL', 'D'],
      ['MSFT', 'D'],
    ] as const) {
      expect(asked(sut.provider.calls, ticker, resolution).sort()).toEqual(month);
    }
    // 1,602 candles in the month (20 sessions of 78, Black Friday's 42), 390 of them held;
    // the exact gaps of AAPL 5, before and after December 1-5, cost a call each.
    expect(first.output).toMatch(/^AAPL 5 +1,212 +2 .* done$/m);
    expect(first.output).toMatch(/^MSFT 5 +1,602 +1 .* done$/m);
    expect(first.output).toMatch(/^total +2,856 +5 .* 4\/4 done$/m);

    const calls = sut.provider.calls.length;
    const second = await sut.run(args);
    expect(second.exitCode).toBe(0);
    expect(sut.provider.calls).toHaveLength(calls);
    expect(second.output).toMatch(/^total +0 +0 .* 4\/4 done$/m);
  });

  it('continues a warm stopped after k series, fetching no session twice', async () => {
    const l2 = diskL2();
    const args = ['warm', 'AAA', 'BBB', 'CCC', 'DDD', '-r', '5', '--range', '3M'];
    const first = await start(l2);
    let finished = 0;
    const stopped = await first.run(args, (text, stop) => {
      if (/ 5 done: /.test(text) && ++finished === 2) stop();
    });
    expect(stopped.exitCode).toBe(130);
    expect(stopped.output).toMatch(/^BBB 5 .* done$/m);
    expect(stopped.output).toMatch(/^CCC 5 +0 +0 .* stopped$/m);
    expect(new Set(first.provider.calls.map((c) => c.ticker))).toEqual(new Set(['AAA', 'BBB']));

    // Started again: a new process (empty L1) on the same L2.
    await end(first);
    const second = await start(l2);
    const resumed = await second.run(args);
    expect(resumed.exitCode).toBe(0);
    expect(new Set(second.provider.calls.map((c) => c.ticker))).toEqual(new Set(['CCC', 'DDD']));
    const span = hours.tradingDays('2025-09-14', '2025-12-13');
    for (const ticker of ['AAA', 'BBB', 'CCC', 'DDD']) {
      const calls = [...first.provider.calls, ...second.provider.calls];
      expect(asked(calls, ticker, '5').sort()).toEqual(span);
    }
  });

  it('continues a series stopped between two of its windows where it stopped', async () => {
    const l2 = diskL2();
    const args = ['warm', 'AAA', 'BBB', '-r', '5', '--range', '3M'];
    const first = await start(l2);
    const stopped = await first.run(args, (text, stop) => {
      // BBB's second window of three (5-minute windows span 30 days).
      if (text.includes(' BBB 5 2025-10-13..2025-11-12: ')) stop();
    });
    expect(stopped.exitCode).toBe(130);
    expect(stopped.output).toMatch(/^BBB 5 .* stopped$/m);
    await end(first);

    const second = await start(l2);
    expect((await second.run(args)).exitCode).toBe(0);
    expect(asked(second.provider.calls, 'AAA', '5')).toEqual([]);
    expect(asked(second.provider.calls, 'BBB', '5')).toEqual(
      hours.tradingDays('2025-09-14', '2025-10-12'),
    );
    const all = [...first.provider.calls, ...second.provider.calls];
    expect(asked(all, 'BBB', '5').sort()).toEqual(hours.tradingDays('2025-09-14', '2025-12-13'));
  });

  it('waits as long as the rate limit says, saying so, then continues', async () => {
    const limited = new LimitedOnce(new DemoProvider(hours, { latencyMs: 0 }), clock);
    const sut = await start(undefined, limited);
    // Part of AAPL is cached, so the refusal comes back as a partial answer; MSFT has nothing.
    await sut.run(['warm', 'AAPL', '-r', 'D', '--from', '2025-12-01', '--to', '2025-12-05']);
    limited.refuseNextCallOf('AAPL', 'MSFT');
    const lines: string[] = [];

    const run = await sut.run(['warm', 'AAPL', 'MSFT', '-r', 'D', '--range', '1M'], (text) =>
      lines.push(text),
    );

    expect(run.exitCode).toBe(0);
    expect(sut.sleeper.waits).toEqual([42_000, 42_000]);
    expect(lines).toContain(
      '[0/2] AAPL D: Upstream provider demo is rate limited (its request budget or a 429); ' +
        'waiting 42 s, until 2025-12-13T15:00:42Z, then continuing\n',
    );
    expect(
      lines.some((l) => l.startsWith('[1/2] MSFT D: Upstream provider demo is rate limited')),
    ).toBe(true);
    expect(run.output).toMatch(/^total .* 2\/2 done$/m);
    // The refused call, then the same window once more.
    const month = hours.tradingDays('2025-11-13', '2025-12-13');
    expect(asked(sut.provider.calls, 'MSFT', 'D')).toEqual([...month, ...month]);
  });

  it('reports a usage mistake without starting anything', async () => {
    const sut = await start();
    const run = await sut.run(['warm', 'AAPL1']);
    expect(run.exitCode).toBe(1);
    expect(run.output).toContain(
      "error: command-argument value 'AAPL1' is invalid for argument 'tickers'. " +
        '"AAPL1" is no ticker',
    );
    expect(sut.provider.calls).toEqual([]);
  });
});

/** Refuses the next call for the tickers it is told, with a 42 s `retryAt`, as a spent budget would. */
class LimitedOnce implements OhlcProvider {
  readonly name = 'demo';
  readonly resolutions = RESOLUTIONS;
  private readonly refuse = new Set<string>();

  constructor(
    private readonly inner: OhlcProvider,
    private readonly clock: FixedClock,
  ) {}

  refuseNextCallOf(...tickers: string[]): void {
    for (const t of tickers) this.refuse.add(t);
  }

  fetchCandles(ticker: string, resolution: Resolution, range: Interval): Promise<Candle[]> {
    if (this.refuse.delete(ticker)) {
      return Promise.reject(new RateLimitedError(this.name, this.clock.now() + 42_000));
    }
    return this.inner.fetchCandles(ticker, resolution, range);
  }
}
