import fastifyEtag from '@fastify/etag';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClockPort } from '@app/market-hours';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { StrayRequestThrottle } from './auth/stray-request.throttle';
import { DetailExceptionFilter } from './common/detail-exception.filter';
import { createValidationPipe } from './common/validation.pipe';
import { setupDashboard } from './dashboard/setup-dashboard';
import { ApiFastifyAdapter } from './http/api-fastify-adapter';
import { corsOptions } from './http/cors-options';
import { RequestLog } from './logging/request-log';
import { HttpMetrics } from './metrics/http-metrics';
import { CacheHeadersInterceptor } from './ohlc/cache-headers.interceptor';
import { OhlcFastHits } from './ohlc/response-cache/ohlc-fast-hits';
import { setupOpenApi } from './openapi/setup-openapi';
import { ConnectionCloser } from './shutdown/connection-closer';

/** The app's Fastify adapter, with the hooks every request needs (see `installRequestPipeline`). */
export function createFastifyAdapter(
  config: Pick<AppConfig, 'httpRequestTimeoutMs' | 'httpIdleTimeoutMs'>,
): ApiFastifyAdapter {
  return new ApiFastifyAdapter({
    requestTimeoutMs: config.httpRequestTimeoutMs,
    idleTimeoutMs: config.httpIdleTimeoutMs,
  });
}

/** Everything `main.ts` adds around the modules; e2e suites call it too so they test the same app. */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useGlobalPipes(createValidationPipe());
  const clock = app.get<ClockPort>(ClockPort);
  app.useGlobalFilters(new DetailExceptionFilter(() => clock.now()));
  app.useGlobalInterceptors(new CacheHeadersInterceptor());
  app.enableCors(corsOptions(config.corsOrigins));
  const adapter = app.getHttpAdapter();
  if (adapter instanceof ApiFastifyAdapter) {
    const closer = app.get(ConnectionCloser);
    adapter.bindStages({
      early: app.get(OhlcFastHits),
      strays: app.get(StrayRequestThrottle),
      draining: () => closer.draining,
      observers: [app.get(RequestLog), app.get(HttpMetrics)],
    });
  }
  // Fastify sends no ETag by itself; weak tags and 304s as Express gave them.
  await app.register(fastifyEtag, { weak: true });
  setupOpenApi(app);
  await setupDashboard(app);
  // SIGTERM/SIGINT: stop accepting, finish the requests in flight, drain the
  // L2 replay queue, close L2 (OhlcCacheLifecycle), then exit 0.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return app;
}
