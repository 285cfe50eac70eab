import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { loadAppConfig } from './config/app-config';
import { configureApp, createFastifyAdapter } from './configure-app';
import { useStructuredLogs } from './logging/use-structured-logs';

/**
 * The API as every entry point runs it (`main.ts` behind its own HTTP server,
 * `lambda.ts` behind API Gateway or a function URL): the modules, the Fastify
 * adapter and `configureApp`, logging through pino. Not yet listening.
 */
export async function createApp(): Promise<NestFastifyApplication> {
  const app = await configureApp(
    await NestFactory.create<NestFastifyApplication>(
      AppModule,
      createFastifyAdapter(loadAppConfig(process.env)),
      { bufferLogs: true },
    ),
  );
  useStructuredLogs(app);
  return app;
}
