import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { APP_CONFIG, loadAppConfig, type AppConfig } from './config/app-config';
import { configureApp, createFastifyAdapter } from './configure-app';
import { useStructuredLogs } from './logging/use-structured-logs';

async function bootstrap(): Promise<void> {
  const app = await configureApp(
    await NestFactory.create<NestFastifyApplication>(
      AppModule,
      createFastifyAdapter(loadAppConfig(process.env)),
      {
        bufferLogs: true,
      },
    ),
  );
  useStructuredLogs(app);
  const { port, host } = app.get<AppConfig>(APP_CONFIG);
  await app.listen(port, host);
  // The bound address: PORT=0 picks a free port. The Node version shows which runtime npm's
  // scripts picked (node_modules/.bin/node, else the machine's).
  new Logger('Bootstrap').log(
    `OHLC API on ${await app.getUrl()}/api/v2/tickers/AAPL/ohlc (Node ${process.version})`,
  );
}

void bootstrap();
