import { ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn } from 'class-validator';
import { INTRADAY_RESOLUTIONS, parseResolution, type IntradayResolution } from '@app/ohlc-core';

/** Query of `GET /api/v2/tickers/{ticker}/ohlc/stream` (docs/api.md#live-candles). */
export class LiveStreamQueryDto {
  @applyDecorators(
    ApiPropertyOptional({
      enum: INTRADAY_RESOLUTIONS,
      default: '5',
      description:
        'Candle size in minutes (intraday only: a daily candle forms over a whole session).',
    }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (parseResolution(value) ?? value) : value,
    ),
    IsIn(INTRADAY_RESOLUTIONS, {
      message: `resolution must be one of ${INTRADAY_RESOLUTIONS.join(', ')} (minutes) for a live stream`,
    }),
  )
  resolution: IntradayResolution = '5';
}
