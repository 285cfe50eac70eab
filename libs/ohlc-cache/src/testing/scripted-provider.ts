import type { Candle, Interval, Resolution } from '@app/ohlc-core';
import type { OhlcProvider } from '@app/market-data';

/** A provider that answers from a fixed list, or fails as told, recording each call. */
export class ScriptedProvider implements OhlcProvider {
  readonly calls: Interval[] = [];
  failWith?: Error;
  /** The first call (1-based) `failWith` applies to; the calls before it answer. */
  failFromCall = 1;

  constructor(
    public candles: Candle[] = [],
    readonly name = 'scripted',
    readonly resolutions: readonly Resolution[] = ['1', '5', '15', '30', '60', 'D'],
  ) {}

  fetchCandles(_ticker: string, _resolution: Resolution, range: Interval): Promise<Candle[]> {
    this.calls.push(range);
    if (this.failWith && this.calls.length >= this.failFromCall)
      return Promise.reject(this.failWith);
    return Promise.resolve(this.candles.filter((c) => c.start >= range.from && c.start < range.to));
  }
}
