import { Injectable } from '@nestjs/common';
import { UnknownTickerError } from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import { OhlcService } from '@app/ohlc-cache';
import { cacheMetaOf, WithCacheMeta, type CacheMeta } from '../common/cache-meta';
import { NoCandlesException } from '../common/no-candles.exception';
import { resolveChartWindow } from './chart-window';
import type { OhlcQueryDto } from './ohlc-query.dto';
import { toOhlcResponse, type OhlcResponseDto } from './ohlc-response.dto';

/** Upstream was asked and knows no such ticker: nothing was cached or read from a layer. */
const LIVE_NOTHING: CacheMeta = {
  source: 'live-api',
  ageSeconds: 0,
  writeFailed: false,
  partial: false,
};

/** Turns the HTTP query into a cache query and the result into the dashboard's response. */
@Injectable()
export class OhlcApiService {
  constructor(
    private readonly ohlc: OhlcService,
    private readonly hours: MarketHoursService,
  ) {}

  async getOhlc(ticker: string, query: OhlcQueryDto): Promise<WithCacheMeta<OhlcResponseDto>> {
    const { resolution } = query;
    const window = resolveChartWindow(
      { resolution, range: query.range, startDate: query.start_date, endDate: query.end_date },
      this.hours,
    );
    const result = await this.ohlc
      .getCandles({ ticker, resolution, range: window.range, adjustment: query.adjustment })
      .catch(unknownTickerAsNothing);
    // The one place that decides the contract's 404 (docs/api.md#errors).
    if (!result?.candles.length) {
      throw new NoCandlesException(ticker, result ? cacheMetaOf(result) : LIVE_NOTHING);
    }
    const body = toOhlcResponse(result, window.timeRange, (at) => this.hours.nyDate(at));
    return new WithCacheMeta(body, cacheMetaOf(result));
  }
}

function unknownTickerAsNothing(error: unknown): undefined {
  if (error instanceof UnknownTickerError) return undefined;
  throw error;
}
