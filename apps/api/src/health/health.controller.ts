import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Probe } from '../auth/auth.decorators';

/** Liveness for load balancers and orchestrators: no key, no throttling. */
@ApiTags('health')
@Probe()
@Controller('health')
export class HealthController {
  @Get('live')
  @ApiOkResponse({
    description: 'The process is up.',
    schema: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['ok'] } },
    },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
