import { ApiProperty } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from '../common/error-code';

/** The error body (docs/api.md#errors), as the OpenAPI document publishes it. */
export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ description: 'What went wrong, in words a person can act on.' })
  detail!: string;
  @ApiProperty({ enum: ERROR_CODES, description: 'Stable machine code.' })
  code!: ErrorCode;
  @ApiProperty({ description: 'The same text as `detail`.' })
  message!: string;
}
