import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  const app = configureApp(await NestFactory.create(AppModule));
  const { port, host } = app.get<AppConfig>(APP_CONFIG);
  await app.listen(port, host);
  new Logger('Bootstrap').log(`OHLC API on http://${host}:${port}/api/v2/tickers/AAPL/ohlc`);
}

void bootstrap();
