import type { Candle, Interval, Resolution } from '@app/ohlc-core';
import type { OhlcProvider } from '@app/market-data';

/** A provider that answers from a fixed list, or fails as told, recording each call. */
export class ScriptedProvider implements OhlcProvider {
  readonly calls: Interval[] = [];
  failWith?: Error;

  constructor(
    public candles: Candle[] = [],
    readonly name = 'scripted',
    readonly resolutions: readonly Resolution[] = ['1', '5', '15', '30', '60', 'D'],
  ) {}

  fetchCandles(_ticker: string, _resolution: Resolution, range: Interval): Promise<Candle[]> {
    this.calls.push(range);
    if (this.failWith) return Promise.reject(this.failWith);
    return Promise.resolve(this.candles.filter((c) => c.start >= range.from && c.start < range.to));
  }
}
