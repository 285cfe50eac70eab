import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { L2HealthIndicator } from './l2-health.indicator';
import { SharedStateHealthIndicator } from './shared-state-health.indicator';
import { UpstreamHealthIndicator } from './upstream-health.indicator';

/** `GET /health/live` and `GET /health/ready`. */
@Module({
  // Terminus logs each failed check itself; the 503's detail says the same.
  imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty' })],
  controllers: [HealthController],
  providers: [
    HealthService,
    L2HealthIndicator,
    UpstreamHealthIndicator,
    SharedStateHealthIndicator,
  ],
})
export class HealthModule {}
