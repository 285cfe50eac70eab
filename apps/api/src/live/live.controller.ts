import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CallerName } from '../auth/caller-name.decorator';
import { TickerPipe } from '../ohlc/ticker.pipe';
import { ApiErrorResponses } from '../openapi/api-responses';
import { LiveStreamQueryDto } from './live-stream-query.dto';
import { LiveStreams } from './live-streams';

@ApiTags('ohlc')
@ApiBearerAuth()
@Controller('api/v2/tickers')
export class LiveController {
  constructor(private readonly streams: LiveStreams) {}

  @Get(':ticker/ohlc/stream')
  @ApiProduces('text/event-stream')
  @ApiParam({ name: 'ticker', description: '1-5 letters, optional class suffix.', example: 'AAPL' })
  @ApiOkResponse({
    description:
      'Server-sent events (docs/api.md#live-candles): `candle` (the forming candle changed or a ' +
      'candle closed; `id` is its start), `market` (closed, and the next open), `status` (a poll ' +
      'was skipped), `shutdown` (reconnect elsewhere); a comment line as heartbeat.',
  })
  @ApiErrorResponses(400, 401, 422, 429, 501)
  stream(
    @Param('ticker', TickerPipe) ticker: string,
    @Query() query: LiveStreamQueryDto,
    @CallerName() caller: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.streams.stream(reply, ticker, query.resolution, caller, lastEventId);
  }
}
