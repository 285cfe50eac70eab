import type { Candle, Interval, Resolution } from '@app/ohlc-core';
import type { OhlcProvider } from '@app/market-data';

/** Wraps a real provider and records every upstream call it makes. */
export class CountingProvider implements OhlcProvider {
  readonly calls: { ticker: string; resolution: Resolution; range: Interval }[] = [];

  constructor(private readonly inner: OhlcProvider) {}

  get name(): string {
    return this.inner.name;
  }

  get resolutions(): readonly Resolution[] {
    return this.inner.resolutions;
  }

  fetchCandles(
    ticker: string,
    resolution: Resolution,
    range: Interval,
    signal?: AbortSignal,
  ): Promise<Candle[]> {
    this.calls.push({ ticker, resolution, range });
    return this.inner.fetchCandles(ticker, resolution, range, signal);
  }
}
