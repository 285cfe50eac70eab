import { Controller, Get } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult } from '@nestjs/terminus';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Probe } from '../auth/auth.decorators';
import { HealthService } from './health.service';

/** Terminus' result: `status` plus the checks' details, which vary by check. */
const HEALTH_SCHEMA = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] } },
};

/** Probes for load balancers and orchestrators: no key, no throttling, no cache headers. */
@ApiTags('health')
@Probe()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @HealthCheck()
  @ApiOkResponse({ description: 'The process is up.', schema: HEALTH_SCHEMA })
  live(): Promise<HealthCheckResult> {
    return this.health.live();
  }

  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({
    description: 'L2 reachable and its table present; providers’ breaker states reported.',
    schema: HEALTH_SCHEMA,
  })
  @ApiServiceUnavailableResponse({
    description: 'L2 unreachable or its table missing.',
    schema: HEALTH_SCHEMA,
  })
  ready(): Promise<HealthCheckResult> {
    return this.health.ready();
  }
}
