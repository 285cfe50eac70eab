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
import {
  DATE_FORMAT,
  RESOLUTION_RULE,
  RESOLUTION_SPELLINGS,
  TIME_RANGE_RULE,
  TIME_RANGES,
  type TimeRange,
} from '@app/ohlc-query';
import { CALENDAR_DATE_MESSAGE, IsCalendarDate } from './is-calendar-date.validator';

const dateMessage = (name: string) =>
  `${name} must be a date in YYYY-MM-DD format, e.g. 2024-11-29`;

const RESOLUTION_MESSAGE = `resolution must be ${RESOLUTION_RULE} are accepted`;

/**
 * A `resolution` query parameter: parsed here, once, so aliases become
 * canonical values, and anything else is left as sent for the check to refuse
 * (a 422, see the validation pipe).
 */
export const ResolutionParameter = (description: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ enum: RESOLUTION_SPELLINGS, description }),
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
    Matches(DATE_FORMAT, { message: dateMessage(name) }),
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
  @IsIn(TIME_RANGES, { message: `range must be ${TIME_RANGE_RULE}` })
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
