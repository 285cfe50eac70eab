import { ApiProperty } from '@nestjs/swagger';
import { RESOLUTIONS, type Resolution } from '@app/ohlc-core';
import type { InvalidationBody } from '@app/ohlc-query';

/** What an invalidation removed (docs/api.md#admin-invalidation). */
export class InvalidationResponseDto implements InvalidationBody {
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
