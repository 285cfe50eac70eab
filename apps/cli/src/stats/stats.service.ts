import { Injectable } from '@nestjs/common';
import { DAY_MS, isIntraday, toIsoDate, toIsoSeconds, type Interval } from '@app/ohlc-core';
import type { OhlcProvider } from '@app/market-data';
import {
  InjectL2Inspector,
  InjectOhlcUpstreams,
  type L2Inspector,
  type SeriesSummary,
} from '@app/ohlc-cache';
import { formatCount, formatTable } from '../text-table';

/** Spans listed in a table cell before the rest are only counted. */
const SPANS_SHOWN = 3;

/** `stats`: what L2 holds, per series. */
@Injectable()
export class StatsService {
  constructor(
    @InjectL2Inspector() private readonly inspector: L2Inspector,
    @InjectOhlcUpstreams() private readonly providers: readonly OhlcProvider[],
  ) {}

  /**
   * One ticker: its partitions of the configured providers (a Query each).
   * Every ticker: the whole table (a Scan), whichever provider filled it.
   */
  summaries(ticker?: string): Promise<SeriesSummary[]> {
    if (ticker === undefined) return this.inspector.allSeries();
    return this.inspector.seriesOf(ticker, [...new Set(this.providers.map((p) => p.name))]);
  }

  /** The summaries with ISO instants, for `--json`. */
  json(summaries: readonly SeriesSummary[]): object[] {
    return summaries.map((s) => ({
      ...s,
      oldest: s.oldest === undefined ? null : toIsoSeconds(s.oldest),
      newest: s.newest === undefined ? null : toIsoSeconds(s.newest),
      covered: s.covered.map((c) => ({ from: toIsoSeconds(c.from), to: toIsoSeconds(c.to) })),
    }));
  }

  /** A table of the summaries; instants in UTC as the API writes them, daily candles as dates. */
  table(summaries: readonly SeriesSummary[]): string {
    return formatTable(
      ['ticker', 'source', 'res', 'candles', 'oldest', 'newest', 'covered'],
      summaries.map((s) => [
        s.ticker,
        s.source,
        s.resolution,
        formatCount(s.candles),
        s.oldest === undefined ? '-' : instant(s, s.oldest),
        s.newest === undefined ? '-' : instant(s, s.newest),
        spans(s),
      ]),
      ['left', 'left', 'left', 'right'],
    );
  }
}

function instant(s: SeriesSummary, at: number): string {
  return isIntraday(s.resolution) ? `${toIsoSeconds(at).slice(0, 16)}Z` : toIsoDate(at);
}

/** Covered spans: daily ones as inclusive dates, intraday ones as half-open UTC instants. */
function spans(s: SeriesSummary): string {
  if (s.covered.length === 0) return 'none';
  const span = ({ from, to }: Interval) =>
    isIntraday(s.resolution)
      ? `${instant(s, from)}/${instant(s, to)}`
      : `${toIsoDate(from)}..${toIsoDate(to - DAY_MS)}`;
  const shown = s.covered.slice(0, SPANS_SHOWN).map(span).join(', ');
  const more = s.covered.length - SPANS_SHOWN;
  return more > 0 ? `${shown} (+${more} more)` : shown;
}
