import { Injectable } from '@nestjs/common';
import { DAY_MS, toIsoDate, UnknownTickerError } from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import { LiveCandlesService } from '@app/live-candles';
import { oldestFetch, OhlcService, ResultFreshness } from '@app/ohlc-cache';
import { cacheMetaOf, WithCacheMeta, type CacheMeta } from './cache-meta';
import { NoCandlesException } from './no-candles.exception';
import { resolveChartWindow } from '@app/ohlc-query';
import type { OhlcQueryDto } from './ohlc-query.dto';
import { encodeOhlcResponse } from './ohlc-response.encoder';
import { PreparedOhlc } from './prepared-ohlc';

/** Upstream was asked and knows no such ticker: nothing was cached or read from a layer. */
const LIVE_NOTHING: CacheMeta = {
  source: 'live-api',
  ageSeconds: 0,
  writeFailed: false,
  partial: false,
};

/** Turns the HTTP query into a cache query and the result into the dashboard's response bytes. */
@Injectable()
export class OhlcApiService {
  constructor(
    private readonly ohlc: OhlcService,
    private readonly hours: MarketHoursService,
    private readonly freshness: ResultFreshness,
    private readonly live: LiveCandlesService,
  ) {}

  /** @param client who asks, for its share of the fetches from upstream. */
  async getOhlc(
    ticker: string,
    query: OhlcQueryDto,
    client?: string,
  ): Promise<WithCacheMeta<PreparedOhlc>> {
    const { resolution, adjustment } = query;
    const today = this.hours.nyDate(this.hours.now());
    const window = resolveChartWindow(
      { resolution, range: query.range, startDate: query.start_date, endDate: query.end_date },
      this.hours,
    );
    const result = await this.ohlc
      .getCandles({
        ticker,
        resolution,
        range: window.range,
        adjustment,
        client,
        // While the series is streamed, its forming candle is as fresh as the last poll.
        freshSince: this.live.freshSince(ticker, resolution),
      })
      .catch(unknownTickerAsNothing);
    // The one place that decides the contract's 404 (docs/api.md#errors).
    if (!result?.candles.length) {
      throw new NoCandlesException(ticker, result ? cacheMetaOf(result) : LIVE_NOTHING);
    }
    const json = encodeOhlcResponse(result, window.timeRange, (at) => this.hours.nyDate(at));
    const { from, to } = window.range;
    const prepared = new PreparedOhlc(
      Buffer.from(json),
      `${ticker}|${resolution}|${from}|${to}|${window.timeRange}|${adjustment}`,
      oldestFetch(result.candles),
      this.freshness.stamp(result),
      // The window was resolved against today: tomorrow the same URL may mean another.
      this.hours.nyDayStart(toIsoDate(Date.parse(`${today}T00:00:00Z`) + DAY_MS)),
    );
    return new WithCacheMeta(prepared, cacheMetaOf(result));
  }
}

function unknownTickerAsNothing(error: unknown): undefined {
  if (error instanceof UnknownTickerError) return undefined;
  throw error;
}
