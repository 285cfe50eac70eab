import type { Resolution } from '@app/ohlc-core';
import type { L2Admin } from '../l2-admin.port';

/** A hand-written `L2Admin` for unit tests: generations in a map, deletions recorded. */
export class FakeL2Admin implements L2Admin {
  readonly generations = new Map<string, number>();
  readonly deletions: { ticker: string; sources: readonly string[]; resolution?: Resolution }[] =
    [];
  generationReads = 0;
  /** Items each deletion reports removed. */
  removed = 0;
  failReads?: Error;

  deleteSeries(ticker: string, sources: readonly string[], resolution?: Resolution) {
    this.deletions.push({ ticker, sources, resolution });
    return Promise.resolve(this.removed);
  }

  generation(ticker: string): Promise<number> {
    this.generationReads++;
    if (this.failReads) return Promise.reject(this.failReads);
    return Promise.resolve(this.generations.get(ticker) ?? 0);
  }

  bumpGeneration(ticker: string): Promise<number> {
    const next = (this.generations.get(ticker) ?? 0) + 1;
    this.generations.set(ticker, next);
    return Promise.resolve(next);
  }
}
