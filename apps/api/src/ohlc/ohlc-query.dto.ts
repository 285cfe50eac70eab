import { IsIn, IsOptional, Matches, Validate } from 'class-validator';
import { RESOLUTIONS } from '@app/ohlc-core';
import { TIME_RANGES, type TimeRange } from '@app/ohlc-cache';
import { CALENDAR_DATE_MESSAGE, IsCalendarDate } from '../common/is-calendar-date.validator';
import { IsResolution } from './is-resolution.validator';

const dateMessage = (name: string) =>
  `${name} must be a date in YYYY-MM-DD format, e.g. 2024-11-29`;

export const RESOLUTION_MESSAGE =
  `resolution must be one of ${RESOLUTIONS.join(', ')} (minutes, or D for daily); ` +
  'aliases 1m 5m 15m 30m 1h 1d are accepted';

/** Query of `GET /api/v2/tickers/{ticker}/ohlc`; names follow the dashboard's wire format. */
export class OhlcQueryDto {
  @IsOptional()
  @IsIn(TIME_RANGES, { message: `range must be one of ${TIME_RANGES.join(', ')}` })
  range?: TimeRange;

  /** Canonical value or alias; an unknown one is a 422 (see the exception factory). */
  @IsOptional()
  @Validate(IsResolution, { message: RESOLUTION_MESSAGE })
  resolution?: string;

  @IsOptional()
  // Decorators run bottom-up: the format check speaks first.
  @Validate(IsCalendarDate, { message: CALENDAR_DATE_MESSAGE('start_date') })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: dateMessage('start_date') })
  start_date?: string;

  @IsOptional()
  // Decorators run bottom-up: the format check speaks first.
  @Validate(IsCalendarDate, { message: CALENDAR_DATE_MESSAGE('end_date') })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: dateMessage('end_date') })
  end_date?: string;
}
