import { Controller, Get, Param, Query } from '@nestjs/common';
import type { WithCacheMeta } from '../common/cache-meta';
import { OhlcApiService } from './ohlc-api.service';
import { OhlcQueryDto } from './ohlc-query.dto';
import type { OhlcResponseDto } from './ohlc-response.dto';
import { TickerPipe } from './ticker.pipe';

@Controller('api/v2/tickers')
export class OhlcController {
  constructor(private readonly service: OhlcApiService) {}

  @Get(':ticker/ohlc')
  getOhlc(
    @Param('ticker', TickerPipe) ticker: string,
    @Query() query: OhlcQueryDto,
  ): Promise<WithCacheMeta<OhlcResponseDto>> {
    return this.service.getOhlc(ticker, query);
  }
}
