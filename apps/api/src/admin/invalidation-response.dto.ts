import { ApiProperty } from '@nestjs/swagger';
import { RESOLUTIONS, type Resolution } from '@app/ohlc-core';
import type { Invalidation } from '@app/ohlc-cache';

/** What an invalidation removed (docs/api.md#admin-invalidation). */
export class InvalidationResponseDto {
  @ApiProperty({ example: 'AAPL' })
  ticker!: string;
  @ApiProperty({
    // OpenAPI 3.0: a nullable enum lists null among its values.
    enum: [...RESOLUTIONS, null],
    nullable: true,
    description: 'The resolution removed; null when every resolution was.',
  })
  resolution!: Resolution | null;
  @ApiProperty({ type: [String], description: 'Providers whose cached data was removed.' })
  sources!: string[];
  @ApiProperty({ minimum: 0, description: 'L2 items deleted (candles and coverage buckets).' })
  removed!: number;
}

export function toInvalidationResponse(invalidation: Invalidation): InvalidationResponseDto {
  return {
    ticker: invalidation.ticker,
    resolution: invalidation.resolution ?? null,
    sources: invalidation.sources,
    removed: invalidation.removed,
  };
}
