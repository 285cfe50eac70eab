import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches, Validate } from 'class-validator';
import {
  ADJUSTMENTS,
  parseResolution,
  RESOLUTIONS,
  type Adjustment,
  type Resolution,
} from '@app/ohlc-core';
import { CALENDAR_DATE_MESSAGE, IsCalendarDate } from '../common/is-calendar-date.validator';
import { TIME_RANGES, type TimeRange } from './chart-window';

const dateMessage = (name: string) =>
  `${name} must be a date in YYYY-MM-DD format, e.g. 2024-11-29`;

export const RESOLUTION_MESSAGE =
  `resolution must be one of ${RESOLUTIONS.join(', ')} (minutes, or D for daily); ` +
  'aliases 1m 5m 15m 30m 1h 1d are accepted';

const RESOLUTION_VALUES = [...RESOLUTIONS, '1m', '5m', '15m', '30m', '1h', '1d'];

/**
 * A `resolution` query parameter: parsed here, once, so aliases become
 * canonical values, and anything else is left as sent for the check to refuse
 * (a 422, see the validation pipe).
 */
export const ResolutionParameter = (description: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ enum: RESOLUTION_VALUES, description }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (parseResolution(value) ?? value) : value,
    ),
    IsIn(RESOLUTIONS, { message: RESOLUTION_MESSAGE }),
  );

const DateParameter = (name: string, description: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ type: String, format: 'date', description }),
    IsOptional(),
    // Applied in this order, so checked in it: the format check speaks first.
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: dateMessage(name) }),
    Validate(IsCalendarDate, { message: CALENDAR_DATE_MESSAGE(name) }),
  );

/** Query of `GET /api/v2/tickers/{ticker}/ohlc` (docs/api.md#parameters); names follow the dashboard's wire format. */
export class OhlcQueryDto {
  @ApiPropertyOptional({
    enum: TIME_RANGES,
    default: '1M',
    description: 'Preset window counted back from end_date; ignored when both dates are given.',
  })
  @IsOptional()
  @IsIn(TIME_RANGES, { message: `range must be one of ${TIME_RANGES.join(', ')}` })
  range?: TimeRange;

  @ResolutionParameter('Candle size in minutes, or D for daily (default D); aliases accepted.')
  resolution: Resolution = 'D';

  @DateParameter('start_date', 'First date of a custom range; needs end_date.')
  start_date?: string;

  @DateParameter('end_date', 'Last date of the window; default today in New York.')
  end_date?: string;

  @ApiPropertyOptional({
    enum: ADJUSTMENTS,
    default: 'raw',
    description:
      'Price view: raw as traded; splits (prices divided, volume multiplied by each later split); all (splits and cash dividends).',
  })
  @IsIn(ADJUSTMENTS, { message: `adjustment must be one of ${ADJUSTMENTS.join(', ')}` })
  adjustment: Adjustment = 'raw';
}
