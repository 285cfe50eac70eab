import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { FixedTableProvider } from './fixed-table.provider';
import { reuseAppModule } from './reuse-app.module';

/**
 * The reuse app as a process of its own: test/packages.e2e-spec.ts compiles this folder in a
 * scratch app outside the repository against the installed packages and runs it. It serves on a
 * free loopback port, keeps L2 in DATA_DIR and says where it listens on its first line.
 */
async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('DATA_DIR must name the embedded L2 directory');
  const app = await NestFactory.create<NestFastifyApplication>(
    reuseAppModule(dataDir),
    new FastifyAdapter(),
    { logger: ['error'] },
  );
  app.enableShutdownHooks();
  const provider = app.get(FixedTableProvider);
  const fastify = app.getHttpAdapter().getInstance();
  // What the suite checks besides the answers: upstream calls, and which files were loaded.
  fastify.get('/provider-calls', () => ({ calls: provider.calls }));
  fastify.get('/runtime', () => ({
    modules: Object.keys(require.cache),
    nodePath: process.env.NODE_PATH ?? null,
  }));
  await app.listen(0, '127.0.0.1');
  console.log(`listening on ${await app.getUrl()}`);
}

void main();
