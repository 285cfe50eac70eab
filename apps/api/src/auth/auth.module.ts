import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyService } from './api-key.service';
import { ClientThrottle, THROTTLE_WINDOW_MS } from './client-throttle';
import { ClientThrottlerGuard } from './client-throttler.guard';
import { FixedWindowThrottlerStorage } from './fixed-window.throttler-storage';

/** API keys and per-client throttling on every route; global guards in this order: throttle, then auth. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ ttl: THROTTLE_WINDOW_MS, limit: config.rateLimitPerMinute }],
        storage: new FixedWindowThrottlerStorage(),
      }),
    }),
  ],
  providers: [
    ApiKeyService,
    ClientThrottle,
    { provide: APP_GUARD, useClass: ClientThrottlerGuard },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [ApiKeyService, ClientThrottle],
})
export class AuthModule {}
