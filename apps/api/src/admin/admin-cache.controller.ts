import { Controller, Delete, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators';
import { CallerName } from '../auth/caller-name.decorator';
import { TickerPipe } from '../ohlc/ticker.pipe';
import { ApiErrorResponses } from '../openapi/api-responses';
import { AdminCacheService } from './admin-cache.service';
import { InvalidateQueryDto } from './invalidate-query.dto';
import { InvalidationResponseDto } from './invalidation-response.dto';

@ApiTags('admin')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/v2/admin/cache')
export class AdminCacheController {
  constructor(private readonly service: AdminCacheService) {}

  @Delete(':ticker')
  @ApiParam({ name: 'ticker', description: '1-5 letters, optional class suffix.', example: 'AAPL' })
  @ApiOkResponse({ type: InvalidationResponseDto, description: 'Removed from L1 and L2.' })
  @ApiErrorResponses(400, 401, 403, 414, 422, 429, 500, 503)
  invalidate(
    @Param('ticker', TickerPipe) ticker: string,
    @Query() query: InvalidateQueryDto,
    @CallerName() caller: string,
  ): Promise<InvalidationResponseDto> {
    return this.service.invalidate(ticker, query.resolution, caller);
  }
}
