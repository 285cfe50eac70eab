import type { INestApplication } from '@nestjs/common';
import type { Express } from 'express';
import { ClockPort } from '@app/market-hours';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { CACHE_HEADERS } from './common/cache-meta';
import { CacheHeadersInterceptor } from './common/cache-headers.interceptor';
import { DetailExceptionFilter } from './common/detail-exception.filter';
import { createValidationPipe } from './common/validation.pipe';

/** Everything `main.ts` adds around the modules; e2e suites call it too so they test the same app. */
export function configureApp(app: INestApplication): INestApplication {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useGlobalPipes(createValidationPipe());
  const clock = app.get<ClockPort>(ClockPort);
  app.useGlobalFilters(new DetailExceptionFilter(() => clock.now()));
  app.useGlobalInterceptors(new CacheHeadersInterceptor());
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    methods: ['GET'],
    exposedHeaders: [...CACHE_HEADERS, 'Retry-After'],
  });
  app.enableShutdownHooks();
  (app.getHttpAdapter().getInstance() as Express).disable('x-powered-by');
  return app;
}
