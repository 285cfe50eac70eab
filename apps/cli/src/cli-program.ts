import type { INestApplicationContext } from '@nestjs/common';
import { Command, CommanderError } from 'commander';
import { InvalidQueryError, type Resolution } from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import { CacheInvalidationService } from '@app/ohlc-cache';
import { toInvalidationBody, type TimeRange } from '@app/ohlc-query';
import {
  dateArgument,
  rangeArgument,
  resolutionArgument,
  resolutionList,
  tickerArgument,
  tickerList,
} from './cli-arguments';
import type { CliIo } from './cli-io';
import { StatsService } from './stats/stats.service';
import { formatCount } from './text-table';
import { BarProgress } from './warm/bar-progress';
import { planWarm } from './warm/warm-plan';
import { LineProgress, warmSummary, type WarmRow } from './warm/warm-progress';
import { WarmService } from './warm/warm.service';

/** What a run of the CLI works with. */
export interface CliRun {
  /** The Nest context, started on first use: `--help` and usage errors start nothing. */
  readonly context: () => Promise<INestApplicationContext>;
  readonly io: CliIo;
  /** Aborted on Ctrl-C: a warm stops after the window in flight and prints its summary. */
  readonly signal: AbortSignal;
}

/** Exit codes besides 0. */
export const EXIT = { failed: 1, usage: 2, stopped: 130 } as const;

interface WarmOptions {
  resolution: Resolution[];
  range?: TimeRange;
  from?: string;
  to?: string;
  plain?: boolean;
}

/** Parses `argv` (the arguments after the script) and runs the command; resolves to the exit code. */
export async function runCli(argv: readonly string[], run: CliRun): Promise<number> {
  const { io } = run;
  let exitCode = 0;
  const program = new Command('cli')
    .description('Operator tools for the OHLC candle cache (the same L2 and providers as the API)')
    .exitOverride()
    .configureOutput({ writeOut: io.write, writeErr: io.error });

  program
    .command('warm')
    .description(
      'fetch what the cache lacks for these tickers, resumable, within the upstream budget',
    )
    .argument('<tickers...>', 'symbols, e.g. AAPL MSFT BRK.B', tickerList)
    .option(
      '-r, --resolution <list>',
      'comma-separated: 1 5 15 30 60 D (or 1m … 1d)',
      resolutionList,
      ['D'],
    )
    .option('--range <preset>', '1W 1M 3M 6M 1Y, back from --to (default 1M)', rangeArgument)
    .option('--from <date>', 'first date YYYY-MM-DD (instead of --range)', dateArgument)
    .option('--to <date>', 'last date YYYY-MM-DD (default today in New York)', dateArgument)
    .option('--plain', 'print progress lines even on a terminal')
    .action(async (tickers: string[], options: WarmOptions) => {
      const app = await run.context();
      const { resolution: resolutions, range, from, to } = options;
      const plan = planWarm({ tickers, resolutions, range, from, to }, app.get(MarketHoursService));
      const progress =
        io.tty && !options.plain ? new BarProgress(io.tty) : new LineProgress(io.write);
      const rows = await app.get(WarmService).run(plan, progress, run.signal);
      io.write(`\n${warmSummary(rows)}`);
      exitCode = warmExitCode(rows);
    });

  program
    .command('stats')
    .description('what L2 holds per series: covered spans, candle counts, oldest/newest candle')
    .argument(
      '[ticker]',
      'one symbol (a Query per provider); all of them when absent (a Scan)',
      tickerArgument,
    )
    .option('--json', 'print JSON instead of a table')
    .action(async (ticker: string | undefined, options: { json?: boolean }) => {
      const stats = (await run.context()).get(StatsService);
      const summaries = await stats.summaries(ticker);
      if (options.json) io.write(`${JSON.stringify(stats.json(summaries), null, 2)}\n`);
      else if (summaries.length === 0)
        io.write(`L2 holds nothing${ticker ? ` for ${ticker}` : ''}\n`);
      else io.write(stats.table(summaries));
    });

  program
    .command('invalidate')
    .description(
      'remove a ticker from L2 and from every instance’s L1 (the admin endpoint’s effect)',
    )
    .argument('<ticker>', 'symbol', tickerArgument)
    .option(
      '-r, --resolution <resolution>',
      'only this resolution (default: all)',
      resolutionArgument,
    )
    .option('--json', 'print the admin endpoint’s JSON body')
    .action(async (ticker: string, options: { resolution?: Resolution; json?: boolean }) => {
      const invalidation = (await run.context()).get(CacheInvalidationService);
      const body = toInvalidationBody(await invalidation.invalidate(ticker, options.resolution));
      io.write(
        options.json
          ? `${JSON.stringify(body)}\n`
          : `Removed ${formatCount(body.removed)} L2 items of ${body.ticker} ` +
              `(${body.resolution ? `resolution ${body.resolution}` : 'every resolution'}; ` +
              `sources ${body.sources.join(', ')}); API instances stop serving it from memory ` +
              'within 5 s\n',
      );
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.error(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof InvalidQueryError ? EXIT.usage : EXIT.failed;
  }
  return exitCode;
}

function warmExitCode(rows: readonly WarmRow[]): number {
  if (rows.some((r) => r.status === 'failed')) return EXIT.failed;
  if (rows.some((r) => r.status === 'stopped')) return EXIT.stopped;
  return 0;
}
