import fastifyEtag from '@fastify/etag';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClockPort } from '@app/market-hours';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { ApiFastifyAdapter } from './api-fastify-adapter';
import { StrayRequestThrottle } from './auth/stray-request.throttle';
import { CACHE_HEADERS } from './common/cache-meta';
import { CacheHeadersInterceptor } from './common/cache-headers.interceptor';
import { DetailExceptionFilter } from './common/detail-exception.filter';
import { createValidationPipe } from './common/validation.pipe';
import { setupDashboard } from './dashboard/setup-dashboard';
import { setupOpenApi } from './openapi/setup-openapi';
import { OhlcFastHits } from './ohlc/ohlc-fast-hits';

/** The app's Fastify adapter, with the hooks every request needs (see `ApiFastifyAdapter`). */
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
  // docs/api.md#cors: the dashboard sends its key with `credentials: 'include'`, so the
  // grant must say so and echo the origin (never `*`). Decided per request: other origins
  // get no CORS header at all, not even Access-Control-Allow-Credentials. Nest's adapter
  // runs this hook before any other, so the OHLC fast path's answers carry it too.
  const allowed = new Set(config.corsOrigins);
  app.enableCors({
    origin: (origin: string | undefined, grant: (error: null, origin: string | false) => void) =>
      grant(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials: true,
    methods: ['GET', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-None-Match'],
    exposedHeaders: [...CACHE_HEADERS, 'Retry-After', 'X-Request-Id'],
  });
  const adapter = app.getHttpAdapter();
  if (adapter instanceof ApiFastifyAdapter) {
    adapter.answerEarlyWith(app.get(OhlcFastHits));
    adapter.countStraysWith(app.get(StrayRequestThrottle));
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
