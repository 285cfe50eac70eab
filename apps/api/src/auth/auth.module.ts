import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Admission } from './admission';
import { AdmissionGuard } from './admission.guard';
import { ApiKeyService } from './api-key.service';
import { ClientThrottle } from './client-throttle';
import { FixedWindowThrottlerStorage } from './fixed-window.throttler-storage';
import { RouteAccessReader } from './route-access';
import { StrayRequestThrottle } from './stray-request.throttle';

/** API keys and per-client throttling on every route, decided by `Admission` for both request paths. */
@Module({
  providers: [
    ApiKeyService,
    FixedWindowThrottlerStorage,
    ClientThrottle,
    Admission,
    RouteAccessReader,
    StrayRequestThrottle,
    { provide: APP_GUARD, useClass: AdmissionGuard },
  ],
  exports: [Admission, RouteAccessReader, StrayRequestThrottle],
})
export class AuthModule {}
