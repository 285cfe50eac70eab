import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The page's own files; `nest build` copies them next to this file (nest-cli.json `assets`). */
const PUBLIC_DIR = join(__dirname, 'public');
/** The chart library as published: an ES module with its dependency bundled in. */
const CHART_MODULE = 'lightweight-charts.standalone.production.mjs';

/**
 * The dashboard (docs/api.md#dashboard): the page at `/`, its script and
 * style under `/dashboard/`, the chart library under `/dashboard/vendor/`,
 * from this package and node_modules: no front-end server, no CDN. Like the
 * OpenAPI page, they are Fastify routes outside Nest's guards, so they load
 * without a key; the page then sends the key its user enters with each API
 * request. Only the files present at start-up get routes (`wildcard: false`),
 * so every other path still gets the API's 404 body.
 */
export async function setupDashboard(app: NestFastifyApplication): Promise<void> {
  const page = readFileSync(join(PUBLIC_DIR, 'index.html'));
  app
    .getHttpAdapter()
    .getInstance()
    .get('/', (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/dashboard/',
    wildcard: false,
    index: false,
    globIgnore: ['index.html'],
    // @nestjs/swagger registers this plugin too; one of them may decorate the reply.
    decorateReply: false,
  });
  await app.register(fastifyStatic, {
    // The package exports only its entry point and package.json: find dist/ beside the latter.
    root: join(dirname(require.resolve('lightweight-charts/package.json')), 'dist'),
    prefix: '/dashboard/vendor/',
    wildcard: false,
    index: false,
    allowedPath: (path) => path === `/${CHART_MODULE}`,
    decorateReply: false,
  });
}
