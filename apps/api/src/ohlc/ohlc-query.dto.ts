import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches, Validate } from 'class-validator';
import { parseResolution, RESOLUTIONS, type Resolution } from '@app/ohlc-core';
import { CALENDAR_DATE_MESSAGE, IsCalendarDate } from '../common/is-calendar-date.validator';
import { TIME_RANGES, type TimeRange } from './chart-window';

const dateMessage = (name: string) =>
  `${name} must be a date in YYYY-MM-DD format, e.g. 2024-11-29`;

export const RESOLUTION_MESSAGE =
  `resolution must be one of ${RESOLUTIONS.join(', ')} (minutes, or D for daily); ` +
  'aliases 1m 5m 15m 30m 1h 1d are accepted';

/** Query of `GET /api/v2/tickers/{ticker}/ohlc` (docs/api.md#parameters); names follow the dashboard's wire format. */
export class OhlcQueryDto {
  @IsOptional()
  @IsIn(TIME_RANGES, { message: `range must be one of ${TIME_RANGES.join(', ')}` })
  range?: TimeRange;

  /**
   * Parsed here, once: aliases become canonical values, and anything else is
   * left as sent so that the check below refuses it (a 422, see the pipe).
   */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (parseResolution(value) ?? value) : value,
  )
  @IsIn(RESOLUTIONS, { message: RESOLUTION_MESSAGE })
  resolution: Resolution = 'D';

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
