import { Injectable } from '@nestjs/common';
import { parseResolution } from '@app/ohlc-core';
import { MarketHoursService } from '@app/market-hours';
import { OhlcService, resolveChartWindow } from '@app/ohlc-cache';
import { cacheMetaOf, WithCacheMeta } from '../common/cache-meta';
import { NoCandlesException } from '../common/no-candles.exception';
import type { OhlcQueryDto } from './ohlc-query.dto';
import { toOhlcResponse, type OhlcResponseDto } from './ohlc-response.dto';

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
    const result = await this.ohlc.getCandles({ ticker, resolution, range: window.range });
    const meta = cacheMetaOf(result);
    if (result.candles.length === 0) throw new NoCandlesException(ticker, meta);
    const body = toOhlcResponse(result, window.timeRange, (at) => this.hours.nyDate(at));
    return new WithCacheMeta(body, meta);
  }
}
