import { Injectable } from '@nestjs/common';
import { parseResolution, UnknownTickerError } from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import { OhlcService, resolveChartWindow } from '@app/ohlc-cache';
import { cacheMetaOf, WithCacheMeta, type CacheMeta } from '../common/cache-meta';
import { NoCandlesException } from '../common/no-candles.exception';
import type { OhlcQueryDto } from './ohlc-query.dto';
import { toOhlcResponse, type OhlcResponseDto } from './ohlc-response.dto';

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
    const resolution = parseResolution(query.resolution ?? 'D') ?? 'D';
    const window = resolveChartWindow(
      { resolution, range: query.range, startDate: query.start_date, endDate: query.end_date },
      this.hours,
    );
    const result = await this.ohlc
      .getCandles({ ticker, resolution, range: window.range })
      .catch((error: unknown) => {
        // Upstream was asked and knows no such ticker: the contract's 404, with its headers.
        if (!(error instanceof UnknownTickerError)) throw error;
        throw new NoCandlesException(ticker, LIVE_NOTHING);
      });
    const meta = cacheMetaOf(result);
    if (result.candles.length === 0) throw new NoCandlesException(ticker, meta);
    const body = toOhlcResponse(result, window.timeRange, (at) => this.hours.nyDate(at));
    return new WithCacheMeta(body, meta);
  }
}
