import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyService } from './api-key.service';
import { ClientThrottle, THROTTLE_WINDOW_MS } from './client-throttle';
import { ClientThrottlerGuard } from './client-throttler.guard';
import { FixedWindowThrottlerStorage } from './fixed-window.throttler-storage';
import { StrayRequestThrottle } from './stray-request.throttle';

/** The one store of request counts, shared by the throttler guard and `ClientThrottle`. */
@Module({ providers: [FixedWindowThrottlerStorage], exports: [FixedWindowThrottlerStorage] })
class ThrottlerStorageModule {}

/** API keys and per-client throttling on every route; global guards in this order: throttle, then auth. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [ThrottlerStorageModule],
      inject: [APP_CONFIG, FixedWindowThrottlerStorage],
      useFactory: (config: AppConfig, storage: FixedWindowThrottlerStorage) => ({
        throttlers: [{ ttl: THROTTLE_WINDOW_MS, limit: config.rateLimitPerMinute }],
        storage,
      }),
    }),
    ThrottlerStorageModule,
  ],
  providers: [
    ApiKeyService,
    ClientThrottle,
    StrayRequestThrottle,
    { provide: APP_GUARD, useClass: ClientThrottlerGuard },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [ApiKeyService, ClientThrottle, StrayRequestThrottle],
})
export class AuthModule {}
