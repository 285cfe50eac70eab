import type { L2Inspector, SeriesSummary } from '../l2-inspector.port';

/** A hand-written `L2Inspector` for unit tests: summaries set by the test, questions recorded. */
export class FakeL2Inspector implements L2Inspector {
  series: SeriesSummary[] = [];
  readonly asked: { ticker?: string; sources?: readonly string[] }[] = [];

  seriesOf(ticker: string, sources: readonly string[]): Promise<SeriesSummary[]> {
    this.asked.push({ ticker, sources });
    return Promise.resolve(
      this.series.filter((s) => s.ticker === ticker && sources.includes(s.source)),
    );
  }

  allSeries(): Promise<SeriesSummary[]> {
    this.asked.push({});
    return Promise.resolve(this.series);
  }
}
