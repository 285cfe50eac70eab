import { IsOptional } from 'class-validator';
import type { Resolution } from '@app/ohlc-core';
import { ResolutionParameter } from '../ohlc/ohlc-query.dto';

/** Query of `DELETE /api/v2/admin/cache/{ticker}` (docs/api.md#admin-invalidation). */
export class InvalidateQueryDto {
  @IsOptional()
  @ResolutionParameter('Remove only this resolution; every resolution when absent.')
  resolution?: Resolution;
}
