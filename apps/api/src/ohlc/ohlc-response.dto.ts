import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ADJUSTMENTS, RESOLUTIONS, type Adjustment, type Resolution } from '@app/ohlc-core';
import { TIME_RANGES, type TimeRange } from '@app/ohlc-query';

const ISO_SECONDS = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$';
const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$';

/** One candle as the dashboard reads it. */
export class CandleDto {
  @ApiProperty({
    description: 'Daily: trading date `YYYY-MM-DD`; intraday: interval start in UTC.',
    pattern: `${ISO_DATE}|${ISO_SECONDS}`,
    example: '2025-12-05T14:30:00Z',
  })
  date!: string;
  @ApiProperty({ minimum: 0 }) open!: number;
  @ApiProperty({ minimum: 0 }) high!: number;
  @ApiProperty({ minimum: 0 }) low!: number;
  @ApiProperty({ minimum: 0 }) close!: number;
  @ApiPropertyOptional({ minimum: 0, description: 'Left out when the provider gave none.' })
  volume?: number;
}

/** `OHLCResponse` (docs/api.md#response-body); the existing dashboard client depends on every field. */
export class OhlcResponseDto {
  @ApiProperty({ description: 'Upper-cased symbol.', example: 'AAPL' })
  ticker!: string;
  @ApiProperty({ type: [CandleDto], minItems: 1, description: 'Oldest first.' })
  candles!: CandleDto[];
  @ApiProperty({ enum: [...TIME_RANGES, 'custom'] })
  time_range!: TimeRange | 'custom';
  @ApiProperty({ pattern: ISO_DATE, description: 'New York date of the first candle.' })
  start_date!: string;
  @ApiProperty({ pattern: ISO_DATE, description: 'New York date of the last candle.' })
  end_date!: string;
  @ApiProperty({ minimum: 1, description: '`candles.length`.' })
  count!: number;
  @ApiProperty({ description: 'Provider that produced the candles.', example: 'tiingo' })
  source!: string;
  @ApiProperty({ pattern: ISO_SECONDS, description: 'When the market next changes state.' })
  cache_expires_at!: string;
  @ApiProperty({ enum: RESOLUTIONS, description: 'Resolution actually returned.' })
  resolution!: Resolution;
  @ApiProperty({ description: 'Daily candles returned instead of the intraday ones asked for.' })
  resolution_fallback!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Set when `resolution_fallback`.' })
  fallback_message!: string | null;
  @ApiProperty({
    enum: ADJUSTMENTS,
    description: 'Price view applied: raw, or adjusted for splits (and dividends with `all`).',
  })
  adjustment!: Adjustment;
  @ApiProperty({
    description:
      'False when the adjusted view may lack a split or dividend that no source can tell yet ' +
      '(on a session after the first candle, up to today); always true for `raw`.',
  })
  adjustment_complete!: boolean;
  @ApiProperty({
    type: String,
    enum: ['consolidated', 'exchange-only', null],
    nullable: true,
    description:
      'What `volume` counts: every venue, or one exchange (Tiingo intraday: IEX only); null when the provider does not say.',
  })
  volume_scope!: 'consolidated' | 'exchange-only' | null;
}

/** What the dashboard shows above a chart drawn with daily candles instead of the asked ones. */
export function fallbackMessage(ticker: string, requested: Resolution): string {
  return (
    `Intraday data (resolution ${requested}) is not available for ${ticker}; ` +
    'showing daily candles instead.'
  );
}
