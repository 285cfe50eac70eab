import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { CallerName } from '../auth/caller-name.decorator';
import type { WithCacheMeta } from './cache-meta';
import { ApiErrorResponses, CACHE_HEADER_DOCS } from '../openapi/api-responses';
import { OhlcApiService } from './ohlc-api.service';
import { OhlcResponseCacheInterceptor } from './response-cache/ohlc-response-cache.interceptor';
import { OhlcQueryDto } from './ohlc-query.dto';
import { OhlcResponseDto } from './ohlc-response.dto';
import type { PreparedOhlc } from './prepared-ohlc';
import { TickerPipe } from './ticker.pipe';

@ApiTags('ohlc')
@ApiBearerAuth()
@Controller('api/v2/tickers')
export class OhlcController {
  constructor(private readonly service: OhlcApiService) {}

  @Get(':ticker/ohlc')
  @UseInterceptors(OhlcResponseCacheInterceptor)
  @ApiParam({ name: 'ticker', description: '1-5 letters, optional class suffix.', example: 'AAPL' })
  @ApiOkResponse({ type: OhlcResponseDto, headers: CACHE_HEADER_DOCS })
  @ApiErrorResponses(400, 401, 404, 414, 422, 429, 500, 503)
  getOhlc(
    @Param('ticker', TickerPipe) ticker: string,
    @Query() query: OhlcQueryDto,
    @CallerName() caller: string,
  ): Promise<WithCacheMeta<PreparedOhlc>> {
    return this.service.getOhlc(ticker, query, caller);
  }
}
